import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { directoryActorEmail } from "@/lib/directory-actor";
import type { Grants } from "@/lib/schemas/grants";
import type { InvitationSource } from "@/lib/schemas/invitations";
import { isHttpError, mapError } from "../api/errors";
import { invitationsApi, readAnyInvitation } from "../atlas/invitations";
import { findOrgMemberByEmail } from "../atlas/members";
import type { AuditActor } from "../audit";
import { atlasForOrg } from "../connections/route-org";
import type { Db } from "../db";
import { abandonClaims } from "../db/idempotency";
import type { ScimUserRow } from "../db/schema";
import { provisioningTokens, scimUsers } from "../db/schema";
import { cancelInvitation } from "../invitations/cancel-invitation";
import { createInvitations } from "../invitations/create-invitations";
import { editInvitation } from "../invitations/edit-invitation";
import { directoryGrants } from "./grants";

// One step of bringing Atlas in line with one directory user (lib/server/provisioning/reconcile.ts chooses it):
// invite (marked `sending` first, with a new idempotency key per attempt), settle a mark a dead worker left by
// reading Atlas, cancel, edit. Each answers what the worker does next (lib/server/provisioning/worker.ts).

export type Step =
  | { kind: "done" }
  /** More to do for this user at once (a move: cancelled, now invite the new address). */
  | { kind: "again" }
  /** Atlas's budget: not before this many seconds; nothing was changed. */
  | { kind: "later"; seconds: number; rateLimited: boolean }
  /** A failure worth another try later (moved to the back of the queue). */
  | { kind: "retry"; message: string };

export interface Ctx {
  db: Db;
  orgId: string;
  actor: AuditActor;
}

export const TRANSIENT = new Set([
  "atlas_unreachable",
  "atlas_error",
  "atlas_unavailable",
  "internal",
  "unknown_outcome",
]);
export const RATE = new Set(["rate_limited", "atlas_rate_limited"]);

/** The directory's actor for a user: the token that last wrote it ("provisioning: okta"). */
export async function actorFor(db: Db, user: ScimUserRow): Promise<AuditActor> {
  let name = "directory";
  if (user.createdByTokenId) {
    const [t] = await db
      .select({ name: provisioningTokens.name })
      .from(provisioningTokens)
      .where(eq(provisioningTokens.id, user.createdByTokenId))
      .limit(1);
    if (t) name = t.name;
  }
  return { userId: null, email: directoryActorEmail(name), ip: null, userAgent: "SCIM provisioning" };
}

export async function setUser(
  db: Db,
  id: string,
  values: Partial<typeof scimUsers.$inferInsert>,
): Promise<void> {
  await db.update(scimUsers).set(values).where(eq(scimUsers.id, id));
}

export function fromError(e: unknown): Step {
  const err = mapError(e).body.error;
  if (RATE.has(err.code))
    return { kind: "later", seconds: Math.max(1, err.retryAfter ?? 10), rateLimited: true };
  return { kind: "retry", message: err.message };
}

/** Final failures (Atlas refused the request itself) are recorded; transient ones are tried again. */
export function failedOrRetry(e: unknown): { final: boolean; message: string; step: Step } {
  const err = mapError(e).body.error;
  if (RATE.has(err.code)) {
    return {
      final: false,
      message: err.message,
      step: { kind: "later", seconds: err.retryAfter ?? 10, rateLimited: true },
    };
  }
  if (TRANSIENT.has(err.code))
    return { final: false, message: err.message, step: { kind: "retry", message: err.message } };
  return { final: true, message: err.message, step: { kind: "done" } };
}

export async function invite(ctx: Ctx, user: ScimUserRow): Promise<Step> {
  const { db, orgId } = ctx;
  const want = await directoryGrants(db, orgId, user.id);
  const sendingAt = new Date();
  const [claimed] = await db
    .update(scimUsers)
    .set({ sendingAt })
    .where(and(eq(scimUsers.id, user.id), isNull(scimUsers.sendingAt)))
    .returning({ id: scimUsers.id });
  if (!claimed) return { kind: "again" };
  // A new key per attempt (a replayed key would answer the first attempt's result, a cancelled invitation's).
  const key = `scim-${user.id}-${sendingAt.getTime()}`;
  const email = user.userName.toLowerCase();
  let results;
  try {
    results = await createInvitations({
      orgId,
      input: {
        emails: email,
        orgRoles: want.grants.orgRoles as never,
        teamIds: want.grants.teamIds,
        projectRoles: want.grants.projectRoles,
        approvalReason: `From the directory (${ctx.actor.email})`,
      },
      idempotencyKey: key,
      actor: ctx.actor,
      role: "admin",
    });
  } catch (e) {
    // Refused before Atlas was called (a privileged role without an admin, the org's connection gone).
    await setUser(db, user.id, { sendingAt: null });
    const f = failedOrRetry(e);
    if (!f.final) return f.step;
    await setUser(db, user.id, { atlasState: "failed", atlasMessage: f.message });
    return { kind: "done" };
  }
  const r = results[0]!;
  switch (r.outcome) {
    case "invited":
      await setUser(db, user.id, {
        sendingAt: null,
        attempts: 0,
        atlasState: "pending",
        atlasMessage: null,
        invitationId: r.invitation?.id ?? null,
        invitationSource: r.invitation?.source ?? null,
        sentEmail: email,
        sentGrants: want.grants,
        approvalId: null,
      });
      return { kind: "done" };
    case "awaiting_approval":
      await setUser(db, user.id, {
        sendingAt: null,
        atlasState: "held",
        atlasMessage: r.message ?? "Awaiting a second admin's approval.",
        approvalId: r.approvalId ?? null,
        sentEmail: email,
        sentGrants: want.grants,
      });
      return { kind: "done" };
    case "blocked":
      await setUser(db, user.id, { sendingAt: null, atlasState: "refused", atlasMessage: r.message ?? null });
      return { kind: "done" };
    case "already_invited": {
      // Invited outside the directory (by hand, earlier): the directory takes that invitation over.
      const found = await invitationsApi((await atlasForOrg(orgId)).http).findByEmail(orgId, email);
      await setUser(db, user.id, {
        sendingAt: null,
        atlasState: found ? "pending" : "failed",
        atlasMessage: found ? null : (r.message ?? null),
        invitationId: found?.id ?? null,
        invitationSource: found?.source ?? null,
        sentEmail: email,
        sentGrants: found
          ? { orgRoles: found.orgRoles, teamIds: found.teamIds, projectRoles: found.projectRoles }
          : null,
      });
      return found ? { kind: "again" } : { kind: "done" };
    }
    case "already_member":
      return adoptMember(ctx, user, email);
    default: {
      if (RATE.has(r.code ?? "")) {
        await setUser(db, user.id, { sendingAt: null });
        return { kind: "later", seconds: Math.max(1, r.retryAfter ?? 10), rateLimited: true };
      }
      if (r.code === "unknown_outcome") return { kind: "later", seconds: 5, rateLimited: false };
      await setUser(db, user.id, { sendingAt: null });
      if (TRANSIENT.has(r.code ?? ""))
        return { kind: "retry", message: r.message ?? "Atlas did not answer." };
      await setUser(db, user.id, {
        atlasState: "failed",
        atlasMessage: r.message ?? "Atlas refused the invitation.",
      });
      return { kind: "done" };
    }
  }
}

export async function adoptMember(ctx: Ctx, user: ScimUserRow, email: string): Promise<Step> {
  const member = await findOrgMemberByEmail((await atlasForOrg(ctx.orgId)).http, ctx.orgId, email);
  await setUser(ctx.db, user.id, {
    sendingAt: null,
    atlasState: member ? "member" : "failed",
    atlasMessage: member ? null : "Atlas says this person is a member, but they could not be found.",
    atlasUserId: member?.id ?? null,
    invitationId: null,
    sentEmail: email,
  });
  return member ? { kind: "again" } : { kind: "done" };
}

/** A user left `sending_at` by a dead worker: did the create reach Atlas? */
export async function settle(ctx: Ctx, user: ScimUserRow): Promise<void> {
  const email = user.userName.toLowerCase();
  const { http } = await atlasForOrg(ctx.orgId);
  const found = await invitationsApi(http).findByEmail(ctx.orgId, email);
  if (found) {
    await setUser(ctx.db, user.id, {
      sendingAt: null,
      attempts: 0,
      atlasState: "pending",
      atlasMessage: "Settled after an interruption: Atlas has the invitation.",
      invitationId: found.id,
      invitationSource: found.source,
      sentEmail: email,
      sentGrants: { orgRoles: found.orgRoles, teamIds: found.teamIds, projectRoles: found.projectRoles },
    });
    return;
  }
  // Nothing reached Atlas: free the dead attempt's claim, so that the next one (with a new key) may send.
  await abandonClaims(ctx.db, { orgId: ctx.orgId, email, keyPrefix: `scim-${user.id}-` });
  await setUser(ctx.db, user.id, { sendingAt: null });
}

export async function cancel(ctx: Ctx, user: ScimUserRow, why: string): Promise<Step> {
  const id = user.invitationId;
  if (!id) {
    await setUser(ctx.db, user.id, { atlasState: "cancelled", invitationId: null });
    return { kind: "done" };
  }
  try {
    await cancelInvitation({
      orgId: ctx.orgId,
      id,
      source: (user.invitationSource ?? "users") as InvitationSource,
      actor: { ...ctx.actor, userAgent: `SCIM provisioning: ${why}` },
    });
    await setUser(ctx.db, user.id, { atlasState: "cancelled", atlasMessage: why, invitationId: null });
    return { kind: "done" };
  } catch (e) {
    if (isHttpError(e) && ["stale_list", "not_found", "conflict"].includes(e.code)) {
      const { http } = await atlasForOrg(ctx.orgId);
      const now = await readAnyInvitation(http, ctx.orgId, id);
      if (now.state === "accepted")
        return adoptMember(ctx, user, user.sentEmail ?? user.userName.toLowerCase());
      if (now.state === "gone") {
        await setUser(ctx.db, user.id, {
          atlasState: "cancelled",
          atlasMessage: "no longer pending in Atlas",
          invitationId: null,
        });
        return { kind: "done" };
      }
    }
    return fromError(e);
  }
}

export async function edit(ctx: Ctx, user: ScimUserRow, grants: Grants): Promise<Step> {
  try {
    await editInvitation({
      orgId: ctx.orgId,
      id: user.invitationId!,
      input: {
        source: (user.invitationSource ?? "users") as Exclude<InvitationSource, "project">,
        orgRoles: grants.orgRoles as never,
        teamIds: grants.teamIds,
        projectRoles: grants.projectRoles,
      },
      actor: ctx.actor,
      role: "admin",
    });
    await setUser(ctx.db, user.id, { sentGrants: grants, atlasMessage: null });
    return { kind: "done" };
  } catch (e) {
    const { http } = await atlasForOrg(ctx.orgId);
    const now = await readAnyInvitation(http, ctx.orgId, user.invitationId!).catch(() => null);
    if (now?.state === "accepted")
      return adoptMember(ctx, user, user.sentEmail ?? user.userName.toLowerCase());
    if (now?.state === "gone") {
      await setUser(ctx.db, user.id, {
        atlasState: "cancelled",
        atlasMessage: "no longer pending in Atlas",
        invitationId: null,
      });
      return { kind: "again" };
    }
    const f = failedOrRetry(e);
    if (!f.final) return f.step;
    await setUser(ctx.db, user.id, { atlasMessage: `Could not edit the invitation: ${f.message}` });
    return { kind: "done" };
  }
}
