import "server-only";
import { emailSchema } from "@/lib/schemas/invitations";
import type { Grants } from "@/lib/schemas/grants";
import type { AtlasError } from "../atlas/errors";
import { isAtlasError } from "../atlas/errors";
import { listProjects, listTeams } from "../atlas/directory";
import type { AtlasHttp } from "../atlas/http";

// A renew cancels before it creates (Atlas has no resend; lib/server/invitations/renew-invitation.ts). So
// that it never leaves a person without an invitation, what the create needs is checked before the cancel
// (the address, and that every team and project it names still exists in the org), and a create Atlas
// refuses all the same is followed by a restore of the earlier invitation.

export interface MissingGrants {
  teamIds: string[];
  projectIds: string[];
}

/** The teams and projects of `grants` the org no longer has, read from Atlas now (no call when none named). */
export async function missingGrants(http: AtlasHttp, orgId: string, grants: Grants): Promise<MissingGrants> {
  const [teams, projects] = await Promise.all([
    grants.teamIds.length ? listTeams(http, orgId) : [],
    grants.projectRoles.length ? listProjects(http, orgId) : [],
  ]);
  const teamIds = new Set(teams.map((t) => t.id));
  const projectIds = new Set(projects.map((p) => p.id));
  return {
    teamIds: grants.teamIds.filter((t) => !teamIds.has(t)),
    projectIds: grants.projectRoles.map((p) => p.projectId).filter((p) => !projectIds.has(p)),
  };
}

const listed = (ids: string[]) => ids.join(", ");

/** What no longer exists, in words ("Team 5f2… no longer exists in the org"), or null. */
export function missingCause(missing: MissingGrants): string | null {
  const parts: string[] = [];
  const { teamIds: t, projectIds: p } = missing;
  if (t.length)
    parts.push(`${t.length > 1 ? "Teams" : "Team"} ${listed(t)} no longer exist${t.length > 1 ? "" : "s"}`);
  if (p.length) {
    parts.push(
      `${p.length > 1 ? "projects" : "project"} ${listed(p)} no longer exist${p.length > 1 ? "" : "s"}`,
    );
  }
  if (!parts.length) return null;
  const cause = `${parts.join(" and ")} in the org`;
  return cause.charAt(0).toUpperCase() + cause.slice(1);
}

/**
 * Why a new invitation with these grants for this address would be refused, in words, or null when nothing
 * known stops it. Reads the org's teams and projects from Atlas.
 */
export async function renewBlocker(
  http: AtlasHttp,
  orgId: string,
  email: string,
  grants: Grants,
): Promise<{ cause: string; fix: string } | null> {
  if (!emailSchema.safeParse(email).success) {
    return {
      cause: `${email} is not an address Atlas accepts for an invitation`,
      fix: "Cancel it and invite the right address instead.",
    };
  }
  const cause = missingCause(await missingGrants(http, orgId, grants));
  return cause ? { cause, fix: "Edit the invitation to leave them out, then renew it." } : null;
}

/** The grants without the teams and projects the org no longer has. */
export function withoutMissing(grants: Grants, missing: MissingGrants): Grants {
  return {
    orgRoles: grants.orgRoles,
    teamIds: grants.teamIds.filter((t) => !missing.teamIds.includes(t)),
    projectRoles: grants.projectRoles.filter((p) => !missing.projectIds.includes(p.projectId)),
  };
}

/**
 * Atlas answered the create with a refusal (4xx): it made nothing. A 5xx, a timeout or a dropped connection
 * may have made it, and is left to the half-done renew's finish, which looks first.
 */
export function refusedByAtlas(e: unknown): e is AtlasError {
  return isAtlasError(e) && e.failure === "http" && e.status !== null && e.status >= 400 && e.status < 500;
}
