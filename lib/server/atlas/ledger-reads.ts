import "server-only";
import type { OrgUser, ProjectInvitation } from "./atlas-schemas";
import { listOrgPeople, listProjects } from "./directory";
import { isAtlasError } from "./errors";
import type { AtlasHttp } from "./http";
import { listGroupInvitations } from "./invitations";

// The reads of the invitation ledger's sync (lib/server/ledger/sync.ts). Unlike the invitations list, they
// say what they could not read, so that the sync never takes "not read" for "gone".

/** Every person of an org in one of the users API's four statuses, all pages (500 per page). */
export function listAllOrgPeople(http: AtlasHttp, orgId: string): Promise<OrgUser[]> {
  return listOrgPeople(http, orgId, ["PENDING", "ACTIVE", "INVITATION_EXPIRED", "INVITATION_REJECTED"]);
}

export interface ProjectInvitationsRead {
  invitations: ProjectInvitation[];
  /** The org's projects now. */
  projectIds: Set<string>;
  /** Projects whose invitations were read (403 / 404 / 410 ones were not: their invitations are unknown). */
  readProjectIds: Set<string>;
}

/** Pending legacy project invitations of every project of the org, one project after another. */
export async function readOrgProjectInvitations(
  http: AtlasHttp,
  orgId: string,
): Promise<ProjectInvitationsRead> {
  const projects = await listProjects(http, orgId);
  const out: ProjectInvitationsRead = {
    invitations: [],
    projectIds: new Set(projects.map((p) => p.id)),
    readProjectIds: new Set(),
  };
  for (const p of projects) {
    try {
      out.invitations.push(...(await listGroupInvitations(http, p.id)));
      out.readProjectIds.add(p.id);
    } catch (e) {
      // A project the account cannot administer, or the retired API: its invitations stay unknown.
      if (isAtlasError(e) && e.failure === "http" && [403, 404, 410].includes(e.status ?? 0)) continue;
      throw e;
    }
  }
  return out;
}
