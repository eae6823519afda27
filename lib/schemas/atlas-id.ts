// Without zod: the browser's first load checks ids in the URL (lib/search-params) with the pattern alone.

/** Atlas ids (orgId, groupId, teamId, userId, invitationId): 24 lowercase hex. */
export const ATLAS_ID = /^[a-f0-9]{24}$/;
