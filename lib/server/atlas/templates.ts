import "server-only";
import { ATLAS_ID } from "@/lib/schemas/ids";

/**
 * Every Atlas URL the console may call. URLs are built only from this table, after every id matched
 * ^[a-f0-9]{24}$ (encodeURIComponent("..") is still "..", and /orgs/../invites would normalise to /invites).
 */
export const TEMPLATES = {
  listOrgs: "/api/atlas/v2/orgs",
  getOrg: "/api/atlas/v2/orgs/{orgId}",
  listOrgTeams: "/api/atlas/v2/orgs/{orgId}/teams",
  // The ":addUser" / ":removeUser" suffixes are literal (custom methods): only the {…} placeholders take ids.
  addOrgTeamUser: "/api/atlas/v2/orgs/{orgId}/teams/{teamId}:addUser",
  removeOrgTeamUser: "/api/atlas/v2/orgs/{orgId}/teams/{teamId}:removeUser",
  listOrgProjects: "/api/atlas/v2/orgs/{orgId}/groups",
  listOrgInvites: "/api/atlas/v2/orgs/{orgId}/invites",
  createOrgInvite: "/api/atlas/v2/orgs/{orgId}/invites",
  orgInvite: "/api/atlas/v2/orgs/{orgId}/invites/{invitationId}",
  listOrgUsers: "/api/atlas/v2/orgs/{orgId}/users",
  createOrgUser: "/api/atlas/v2/orgs/{orgId}/users",
  orgUser: "/api/atlas/v2/orgs/{orgId}/users/{userId}",
  listGroupInvites: "/api/atlas/v2/groups/{groupId}/invites",
  groupInvite: "/api/atlas/v2/groups/{groupId}/invites/{invitationId}",
  createUser: "/api/atlas/v2/users",
  listRateLimits: "/api/atlas/v2/rateLimits",
} as const;

export type TemplateName = keyof typeof TEMPLATES;
export type PathParams = Partial<Record<"orgId" | "groupId" | "userId" | "invitationId" | "teamId", string>>;

const INVALID_ID_BRAND = "invite-console/InvalidAtlasId";

/** Classify with `isInvalidAtlasId`, never `instanceof` (the class may exist in two Next.js bundles). */
export class InvalidAtlasId extends Error {
  readonly brand = INVALID_ID_BRAND;
  constructor(readonly param: string) {
    super(`${param} must be 24 lowercase hexadecimal characters`);
    this.name = "InvalidAtlasId";
  }
}

export function isInvalidAtlasId(e: unknown): e is InvalidAtlasId {
  return typeof e === "object" && e !== null && (e as { brand?: unknown }).brand === INVALID_ID_BRAND;
}

/** Builds the path of a template; throws InvalidAtlasId before anything is built from a bad id. */
export function buildPath(name: TemplateName, params: PathParams = {}): string {
  return TEMPLATES[name].replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key as keyof PathParams];
    if (typeof value !== "string" || !ATLAS_ID.test(value)) throw new InvalidAtlasId(key);
    return value;
  });
}

/** The full URL; asserts that nothing (normalisation, odd base paths) moved it off the Atlas origin or path. */
export function buildUrl(
  baseUrl: string,
  name: TemplateName,
  params: PathParams = {},
  query?: URLSearchParams,
): URL {
  const path = buildPath(name, params);
  const base = new URL(baseUrl);
  const url = new URL(path, base.origin);
  if (url.origin !== base.origin || url.pathname !== path) {
    throw new InvalidAtlasId("path");
  }
  if (query) url.search = query.toString();
  return url;
}
