import { orgKeys } from "../orgs/keys";

export const sunsetKeys = {
  readiness: (orgId: string) => [...orgKeys.detail(orgId), "sunset"] as const,
  /** The banner's key before an org is chosen (its query is disabled then). */
  none: () => ["orgs", "none", "sunset"] as const,
};

export const sunsetMutationKeys = {
  migrate: (orgId: string) => [...sunsetKeys.readiness(orgId), "migrate"] as const,
};
