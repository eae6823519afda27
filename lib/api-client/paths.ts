// Paths of the console's JSON API that several resources share.

/** One org's API path (its id encoded once). */
export const orgPath = (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}`;
