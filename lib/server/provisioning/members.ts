import "server-only";
import { and, eq } from "drizzle-orm";
import type { Grants } from "@/lib/schemas/grants";
import { ATLAS_ID } from "@/lib/schemas/ids";
import { HttpError } from "../api/errors";
import type { AtlasHttp } from "../atlas/http";
import { listTeams } from "../atlas/directory";
import { atlasRefusalText, isAtlasError } from "../atlas/errors";
import type { OrgMember } from "../atlas/members";
import { addTeamUser, getOrgMember, removeOrgUser, removeTeamUser } from "../atlas/members";
import type { AuditActor, AuditCompletion } from "../audit";
import type { AuditTarget } from "../audit/mutation";
import { auditedMutation, auditedNoop, auditedRefusal } from "../audit/mutation";
import { atlasForOrg } from "../connections/route-org";
import { getDb } from "../db";
import { scimUsers } from "../db/schema";

// What the directory does to people who already accepted: removal from the org and team membership. Nothing
// of the caller is trusted but the org and the Atlas user id: who the person is and which teams they hold
// are read from Atlas, in that org, before anything changes, and the audit row names Atlas's username.

export interface RemoveMemberRequest {
  orgId: string;
  atlasUserId: string;
  /** Who the caller believes this is: refused when Atlas holds someone else under that id. */
  email: string;
  actor: AuditActor;
  /** Why, in words, for the audit row ("left the directory; removed by an admin"). */
  reason: string;
}

const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** What the member holds, in the shape audit rows keep grants (lib/schemas/audit-grants.ts). */
const grantsOf = (m: OrgMember): Grants => ({
  orgRoles: m.orgRoles,
  teamIds: m.teamIds,
  projectRoles: m.projectRoles,
});

function checkIds(fields: Record<string, string>): void {
  for (const [name, value] of Object.entries(fields)) {
    if (!ATLAS_ID.test(value)) {
      throw new HttpError({
        code: "invalid_input",
        message: `${name} must be an Atlas id`,
        fields: { [name]: "must be 24 lowercase hexadecimal characters" },
      });
    }
  }
}

/**
 * The member as Atlas holds them, or the refusal (audited) when they are not an ACTIVE member of the org:
 * a pending invitation is cancelled, not removed, and an id Atlas does not know is nobody's.
 */
async function readActiveMember(
  http: AtlasHttp,
  action: "member.removed" | "member.teams_changed",
  req: { orgId: string; atlasUserId: string; actor: AuditActor },
  base: AuditTarget,
): Promise<OrgMember> {
  const member = await getOrgMember(http, req.orgId, req.atlasUserId).catch(async (e: unknown) => {
    throw await auditedRefusal(req.actor, action, base, e);
  });
  if (member?.status === "ACTIVE") return member;
  const message = member
    ? `${member.username} has not accepted the invitation yet: cancel it instead.`
    : "Atlas has no member with this id in this organization: they were removed meanwhile, or never joined.";
  throw await auditedRefusal(
    req.actor,
    action,
    { ...base, targetEmail: member?.username ?? null },
    new HttpError({ code: "conflict", message }),
  );
}

/** Removes an ACTIVE member from the org, audited as "member.removed". */
export async function removeMember(req: RemoveMemberRequest): Promise<void> {
  const { orgId, atlasUserId, actor, reason } = req;
  checkIds({ atlasUserId });
  const { http } = await atlasForOrg(orgId);
  const base: AuditTarget = { connectionId: http.conn.id, orgId, targetId: atlasUserId, detail: reason };
  const member = await readActiveMember(http, "member.removed", req, base);
  if (!sameEmail(member.username, req.email)) {
    throw await auditedRefusal(
      actor,
      "member.removed",
      { ...base, targetEmail: member.username },
      new HttpError({
        code: "conflict",
        message: `Atlas holds ${member.username} under this id, not ${req.email}: nobody was removed.`,
      }),
    );
  }
  await auditedMutation({
    actor,
    action: "member.removed",
    target: {
      ...base,
      targetEmail: member.username,
      grants: grantsOf(member),
    },
    act: async () => {
      try {
        return { atlasStatus: (await removeOrgUser(http, orgId, atlasUserId)).status, readBack: false };
      } catch (e) {
        // No answer, or an error after Atlas may have acted: the member gone is the removal done.
        const after = await getOrgMember(http, orgId, atlasUserId).catch(() => undefined);
        if (after === null) return { atlasStatus: isAtlasError(e) ? e.status : null, readBack: true };
        throw e;
      }
    },
    onSuccess: (r) => ({
      atlasStatus: r.atlasStatus,
      detail: r.readBack ? `${reason} (Atlas confirmed by a read: no longer a member)` : reason,
    }),
  });
}

export interface SetMemberTeamsRequest {
  orgId: string;
  atlasUserId: string;
  /** Team ids to add the member to (one already held is skipped). */
  add: string[];
  /** Team ids to take the member out of (one not held is skipped). */
  remove: string[];
  actor: AuditActor;
  reason: string;
}

/**
 * Changes an ACTIVE member's teams, audited as one "member.teams_changed" row. Teams no longer in the org are
 * skipped and named in the row's detail; the answer lists what changed.
 */
export async function setMemberTeams(
  req: SetMemberTeamsRequest,
): Promise<{ added: string[]; removed: string[] }> {
  const { orgId, atlasUserId, actor, reason } = req;
  const add = [...new Set(req.add)];
  const remove = [...new Set(req.remove)];
  checkIds({ atlasUserId });
  for (const [name, ids] of [
    ["add", add],
    ["remove", remove],
  ] as const) {
    for (const teamId of ids) checkIds({ [name]: teamId });
  }
  const both = add.filter((t) => remove.includes(t));
  if (both.length > 0) {
    throw new HttpError({
      code: "invalid_input",
      message: `A team cannot be both added and removed: ${both.join(", ")}`,
    });
  }
  if (add.length === 0 && remove.length === 0) return { added: [], removed: [] };

  const { http } = await atlasForOrg(orgId);
  const base: AuditTarget = { connectionId: http.conn.id, orgId, targetId: atlasUserId, detail: reason };
  const member = await readActiveMember(http, "member.teams_changed", req, base);
  const target = { ...base, targetEmail: member.username };
  const teams = await listTeams(http, orgId).catch(async (e: unknown) => {
    throw await auditedRefusal(actor, "member.teams_changed", target, e);
  });
  const names = new Map(teams.map((t) => [t.id, t.name]));
  const missing = [...add, ...remove].filter((t) => !names.has(t));
  const toAdd = add.filter((t) => names.has(t) && !member.teamIds.includes(t));
  const toRemove = remove.filter((t) => names.has(t) && member.teamIds.includes(t));
  const skipped = missing.length ? `; skipped, no longer teams of the org: ${missing.join(", ")}` : "";
  const named = (ids: string[]) => ids.map((t) => `${names.get(t)} (${t})`).join(", ");

  if (toAdd.length === 0 && toRemove.length === 0) {
    await auditedNoop(actor, "member.teams_changed", target, {
      detail: `${reason}; nothing to change${skipped}`,
    });
    return { added: [], removed: [] };
  }

  const added: string[] = [];
  const removed: string[] = [];
  const progress = () =>
    [added.length ? `added to ${named(added)}` : "", removed.length ? `removed from ${named(removed)}` : ""]
      .filter(Boolean)
      .join("; ");
  await auditedMutation({
    actor,
    action: "member.teams_changed",
    target: {
      ...target,
      // Shown on the Audit page as the teams added and removed (a `{ before, after }` change).
      grants: {
        before: grantsOf(member),
        after: {
          ...grantsOf(member),
          teamIds: [...member.teamIds.filter((t) => !toRemove.includes(t)), ...toAdd],
        },
      },
    },
    act: async () => {
      for (const teamId of toAdd) {
        await changeTeam(http, orgId, atlasUserId, teamId, "add");
        added.push(teamId);
      }
      for (const teamId of toRemove) {
        await changeTeam(http, orgId, atlasUserId, teamId, "remove");
        removed.push(teamId);
      }
    },
    onSuccess: () => ({ detail: `${reason}; ${progress()}${skipped}` }),
    onError: (e) => partialFailure(e, `${reason}; ${progress() || "nothing changed"}${skipped}`),
  });
  return { added, removed };
}

/**
 * One team change. Both are POSTs, so an answer lost (5xx, timeout) is an unknown outcome: the member read
 * back says whether it happened (adding or removing twice changes nothing in Atlas).
 */
async function changeTeam(
  http: AtlasHttp,
  orgId: string,
  userId: string,
  teamId: string,
  op: "add" | "remove",
): Promise<void> {
  try {
    await (op === "add" ? addTeamUser : removeTeamUser)(http, orgId, teamId, userId);
  } catch (e) {
    if (!isAtlasError(e) || e.failure !== "unknown_outcome") throw e;
    const after = await getOrgMember(http, orgId, userId).catch(() => null);
    if (after && after.teamIds.includes(teamId) === (op === "add")) return;
    throw e;
  }
}

/** The completion of a run that stopped part-way: what Atlas answered, and what had changed before. */
function partialFailure(e: unknown, done: string): AuditCompletion | undefined {
  if (!isAtlasError(e)) return undefined;
  const atlas = { atlasStatus: e.status ?? null, atlasErrorCode: e.errorCode ?? null };
  if (e.failure === "unknown_outcome")
    return { outcome: "unknown", ...atlas, detail: `${done}; ${e.message}` };
  const why = e.failure === "http" ? (atlasRefusalText(e) ?? `Atlas answered ${e.status}`) : e.message;
  return { outcome: "failure", ...atlas, detail: `${done}; then ${why}` };
}

export interface RemoveDirectoryLeaverRequest {
  orgId: string;
  /** The scim_users row listed under "Left the directory, still a member". */
  scimUserId: string;
  actor: AuditActor;
}

/** The Provisioning page's "Remove": takes a directory leaver out of the org and clears them from the list. */
export async function removeDirectoryLeaver(req: RemoveDirectoryLeaverRequest): Promise<{ removed: true }> {
  const { orgId, scimUserId, actor } = req;
  const db = await getDb();
  const [row] = await db
    .select()
    .from(scimUsers)
    .where(and(eq(scimUsers.id, scimUserId), eq(scimUsers.orgId, orgId)))
    .limit(1);
  if (!row) {
    throw new HttpError({
      code: "not_found",
      message: "No directory user with this id in this organization.",
    });
  }
  if (row.attention !== "left") {
    throw new HttpError({
      code: "conflict",
      message: `${row.userName} is not listed as having left the directory: reload the page.`,
    });
  }
  if (!row.atlasUserId) {
    throw new HttpError({
      code: "conflict",
      message: `${row.userName} has no Atlas member linked to them: there is nobody to remove.`,
    });
  }
  await removeMember({
    orgId,
    atlasUserId: row.atlasUserId,
    email: row.sentEmail ?? row.userName,
    actor,
    reason: "left the directory; removed by an admin",
  });
  await db
    .update(scimUsers)
    .set({ atlasState: "removed", attention: null, attentionDetail: null, updatedAt: new Date() })
    .where(and(eq(scimUsers.id, scimUserId), eq(scimUsers.orgId, orgId)));
  return { removed: true };
}
