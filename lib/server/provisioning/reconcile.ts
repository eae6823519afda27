import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { invitationsApi } from "../atlas/invitations";
import { findOrgMemberByEmail } from "../atlas/members";
import { atlasForOrg } from "../connections/route-org";
import type { Db } from "../db";
import type { ScimUserRow } from "../db/schema";
import { approvalRequests, provisioningOrgs, scimUsers } from "../db/schema";
import { directoryGrants, sameGrants } from "./grants";
import { removeMember, setMemberTeams } from "./members";
import type { Ctx, Step } from "./steps";
import { cancel, edit, failedOrRetry, invite, setUser } from "./steps";

// What one directory user needs next, from what the directory says (active, deleted, userName, groups) and
// what Atlas has from the console (atlas_state): an invitation, an edit, a cancel, a move, a member's teams,
// the org's leavers rule, or an approval's decision.

async function deprovisionSetting(db: Db, orgId: string): Promise<"never" | "approval" | "always"> {
  const [row] = await db
    .select({ d: provisioningOrgs.deprovision })
    .from(provisioningOrgs)
    .where(eq(provisioningOrgs.orgId, orgId))
    .limit(1);
  return row?.d ?? "never";
}

async function member(ctx: Ctx, user: ScimUserRow, want: boolean): Promise<Step> {
  const { db, orgId } = ctx;
  if (!want) {
    const setting = await deprovisionSetting(db, orgId);
    if (setting === "always" && user.atlasUserId) {
      try {
        await removeMember({
          orgId,
          atlasUserId: user.atlasUserId,
          email: user.sentEmail ?? user.userName,
          actor: ctx.actor,
          reason: "left the directory (the org removes leavers at once)",
        });
      } catch (e) {
        const f = failedOrRetry(e);
        if (!f.final) return f.step;
        await setUser(db, user.id, { attention: "left", attentionDetail: `Could not remove: ${f.message}` });
        return { kind: "done" };
      }
      await setUser(db, user.id, {
        atlasState: "removed",
        attention: null,
        attentionDetail: null,
        atlasUserId: null,
      });
      return { kind: "done" };
    }
    await setUser(db, user.id, {
      attention: "left",
      attentionDetail:
        setting === "approval"
          ? "Left the directory; still a member of the org. An admin must approve the removal."
          : "Left the directory; still a member of the org (the org never removes members automatically).",
    });
    return { kind: "done" };
  }
  // Active and a member: teams follow the directory's groups; roles are never changed silently.
  const wanted = await directoryGrants(db, orgId, user.id);
  const { http } = await atlasForOrg(orgId);
  const now = await findOrgMemberByEmail(http, orgId, user.sentEmail ?? user.userName.toLowerCase());
  if (!now || now.status !== "ACTIVE") {
    await setUser(db, user.id, {
      atlasState: "none",
      atlasUserId: null,
      attention: null,
      attentionDetail: null,
    });
    return { kind: "again" };
  }
  const before = new Set(user.sentGrants?.teamIds ?? []);
  const has = new Set(now.teamIds);
  const add = wanted.grants.teamIds.filter((t) => !has.has(t));
  // Only teams the directory gave are taken away; teams an admin added by hand stay.
  const remove = [...before].filter((t) => !wanted.grants.teamIds.includes(t) && has.has(t));
  if (add.length > 0 || remove.length > 0) {
    try {
      await setMemberTeams({
        orgId,
        atlasUserId: now.id,
        add,
        remove,
        actor: ctx.actor,
        reason: "directory groups changed",
      });
    } catch (e) {
      const f = failedOrRetry(e);
      if (!f.final) return f.step;
      await setUser(db, user.id, { atlasMessage: `Could not change teams: ${f.message}` });
    }
  }
  const rolesDiffer = !sameGrants(
    { orgRoles: now.orgRoles, teamIds: [], projectRoles: [] },
    {
      orgRoles: wanted.grants.orgRoles,
      teamIds: [],
      projectRoles: [],
    },
  );
  await setUser(db, user.id, {
    atlasUserId: now.id,
    sentGrants: wanted.grants,
    attention: rolesDiffer
      ? "roles"
      : user.attention === "left"
        ? null
        : user.attention === "roles"
          ? null
          : user.attention,
    attentionDetail: rolesDiffer
      ? `The directory's groups ask for ${wanted.grants.orgRoles.join(", ")}; Atlas has ${now.orgRoles.join(", ") || "none"}. Roles of members are not changed automatically.`
      : null,
  });
  return { kind: "done" };
}

/**
 * Waiting for a second admin (the approval queue): nothing is sent meanwhile. Once decided (the sweep marks such
 * users), an approval that sent the invitation makes it the user's; a denied, expired or failed one is recorded.
 */
async function held(ctx: Ctx, user: ScimUserRow, want: boolean): Promise<Step> {
  const [approval] = user.approvalId
    ? await ctx.db
        .select({ status: approvalRequests.status, result: approvalRequests.result })
        .from(approvalRequests)
        .where(eq(approvalRequests.id, user.approvalId))
        .limit(1)
    : [];
  if (!approval) {
    await setUser(ctx.db, user.id, { atlasState: "none", approvalId: null });
    return want ? { kind: "again" } : { kind: "done" };
  }
  if (approval.status === "pending" || approval.status === "approved") return { kind: "done" };
  const result = (approval.result ?? {}) as { invitationId?: string; message?: string };
  if (approval.status === "sent" && result.invitationId) {
    const { http } = await atlasForOrg(ctx.orgId);
    const now = await invitationsApi(http).read(ctx.orgId, result.invitationId);
    if (now.state === "pending") {
      await setUser(ctx.db, user.id, {
        atlasState: "pending",
        atlasMessage: null,
        invitationId: now.invitation.id,
        invitationSource: now.invitation.source,
        sentGrants: {
          orgRoles: now.invitation.orgRoles,
          teamIds: now.invitation.teamIds,
          projectRoles: now.invitation.projectRoles,
        },
      });
      // Deactivated while it waited: the pending invitation is cancelled next.
      return { kind: "again" };
    }
    await setUser(ctx.db, user.id, { atlasState: now.state === "accepted" ? "none" : "cancelled" });
    return { kind: "again" };
  }
  await setUser(ctx.db, user.id, {
    atlasState: "refused",
    atlasMessage:
      approval.status === "denied"
        ? "A second admin denied the invitation."
        : approval.status === "expired"
          ? "The approval request expired without a decision."
          : (result.message ?? "The approved invitation could not be sent."),
  });
  return { kind: "done" };
}

/** Held users whose approval was decided since (approved and sent, denied, expired): looked at again. */
export async function markDecidedHolds(db: Db): Promise<string[]> {
  const rows = await db
    .update(scimUsers)
    .set({ dirtyAt: new Date() })
    .where(
      and(
        eq(scimUsers.atlasState, "held"),
        isNull(scimUsers.dirtyAt),
        sql`${scimUsers.approvalId} in (select id from approval_requests where status not in ('pending', 'approved'))`,
      ),
    )
    .returning({ orgId: scimUsers.orgId });
  return [...new Set(rows.map((r) => r.orgId))];
}

/** One step of bringing Atlas in line with one directory user. */
export async function reconcileUser(ctx: Ctx, user: ScimUserRow): Promise<Step> {
  const want = user.active && user.deletedAt === null;
  const email = user.userName.toLowerCase();
  switch (user.atlasState) {
    case "pending": {
      if (!want)
        return cancel(
          ctx,
          user,
          user.deletedAt ? "deleted in the directory" : "deactivated in the directory",
        );
      if (user.sentEmail && user.sentEmail !== email) {
        const step = await cancel(ctx, user, `userName changed to ${email}`);
        return step.kind === "done" ? { kind: "again" } : step;
      }
      const wanted = await directoryGrants(ctx.db, ctx.orgId, user.id);
      if (sameGrants(user.sentGrants, wanted.grants)) return { kind: "done" };
      return edit(ctx, user, wanted.grants);
    }
    case "member":
      return member(ctx, user, want);
    case "held":
      return held(ctx, user, want);
    default: {
      if (!want) {
        if (user.atlasState === "queued") await setUser(ctx.db, user.id, { atlasState: "none" });
        return { kind: "done" };
      }
      return invite(ctx, user);
    }
  }
}
