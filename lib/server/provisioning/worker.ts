import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { and, asc, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { directoryActorEmail } from "@/lib/directory-actor";
import type { Grants } from "@/lib/schemas/grants";
import type { InvitationSource } from "@/lib/schemas/invitations";
import { isHttpError, mapError } from "../api/errors";
import { observedBudget } from "../atlas/budget";
import type { OrgBudget } from "../atlas/rate-limits";
import { readCreateBudget } from "../atlas/rate-limits";
import { invitationsApi, readAnyInvitation } from "../atlas/invitations";
import { findOrgMemberByEmail } from "../atlas/members";
import type { AuditActor } from "../audit";
import { reserveOf } from "../bulk/work-run";
import { atlasForOrg } from "../connections/route-org";
import type { Db } from "../db";
import { getDb } from "../db";
import { abandonClaims } from "../db/idempotency";
import type { ScimUserRow } from "../db/schema";
import { approvalRequests, provisioningOrgs, provisioningTokens, scimUsers } from "../db/schema";
import { env } from "../env";
import { cancelInvitation } from "../invitations/cancel-invitation";
import { createInvitations } from "../invitations/create-invitations";
import { editInvitation } from "../invitations/edit-invitation";
import { logger } from "../log";
import { directoryGrants, sameGrants } from "./grants";
import { removeMember, setMemberTeams } from "./members";

// The provisioning worker (docs/provisioning.md): one at a time per org, on any instance, by a lease in the
// org's provisioning_orgs row. It takes the directory users marked dirty, oldest change first, and brings Atlas
// in line with each through the same services as the invite dialog (guardrails, presets, idempotency, audit,
// ledger), as "provisioning: <token name>". Creates are paced by the org's Atlas budget with a reserve left for
// people using the console; a 429 is waited out. Exactly once: `sending_at` is set before a create may reach
// Atlas and cleared with its answer; a row found with it set (kill -9, a restart, another instance gone) is
// settled by reading Atlas before anything is sent again.

export const PROVISIONING_WORKER_ID = `${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`;
const SLICE_MS = 5 * 60_000;
const STEP_MS = 1_000;
/** A transient failure (Atlas unreachable, 5xx) is tried again this many times before the user is marked failed. */
const MAX_ATTEMPTS = 6;
/** Users of one org worked at once (their Atlas round trips overlap; each has its own sending mark). */
const BATCH = 4;
const leaseMs = () => env().BULK_LEASE_SECONDS * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Step =
  | { kind: "done" }
  /** More to do for this user at once (a move: cancelled, now invite the new address). */
  | { kind: "again" }
  /** Atlas's budget: not before this many seconds; nothing was changed. */
  | { kind: "later"; seconds: number; rateLimited: boolean }
  /** A failure worth another try later (moved to the back of the queue). */
  | { kind: "retry"; message: string };

interface Ctx {
  db: Db;
  orgId: string;
  actor: AuditActor;
}

const TRANSIENT = new Set([
  "atlas_unreachable",
  "atlas_error",
  "atlas_unavailable",
  "internal",
  "unknown_outcome",
]);
const RATE = new Set(["rate_limited", "atlas_rate_limited"]);

/** The directory's actor for a user: the token that last wrote it ("provisioning: okta"). */
async function actorFor(db: Db, user: ScimUserRow): Promise<AuditActor> {
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

async function setUser(db: Db, id: string, values: Partial<typeof scimUsers.$inferInsert>): Promise<void> {
  await db.update(scimUsers).set(values).where(eq(scimUsers.id, id));
}

function fromError(e: unknown): Step {
  const err = mapError(e).body.error;
  if (RATE.has(err.code))
    return { kind: "later", seconds: Math.max(1, err.retryAfter ?? 10), rateLimited: true };
  return { kind: "retry", message: err.message };
}

/** Final failures (Atlas refused the request itself) are recorded; transient ones are tried again. */
function failedOrRetry(e: unknown): { final: boolean; message: string; step: Step } {
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

async function invite(ctx: Ctx, user: ScimUserRow): Promise<Step> {
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

async function adoptMember(ctx: Ctx, user: ScimUserRow, email: string): Promise<Step> {
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
async function settle(ctx: Ctx, user: ScimUserRow): Promise<void> {
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

async function cancel(ctx: Ctx, user: ScimUserRow, why: string): Promise<Step> {
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

async function edit(ctx: Ctx, user: ScimUserRow, grants: Grants): Promise<Step> {
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

// ---- the org's lease and loop ----

async function takeLease(db: Db, orgId: string, owner: string) {
  await db.insert(provisioningOrgs).values({ orgId }).onConflictDoNothing();
  const now = new Date();
  const [row] = await db
    .update(provisioningOrgs)
    .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs()) })
    .where(
      and(
        eq(provisioningOrgs.orgId, orgId),
        or(
          isNull(provisioningOrgs.leaseUntil),
          lt(provisioningOrgs.leaseUntil, now),
          eq(provisioningOrgs.leaseOwner, owner),
        ),
      ),
    )
    .returning();
  return row ?? null;
}

async function renewLease(
  db: Db,
  orgId: string,
  owner: string,
  extra: Partial<typeof provisioningOrgs.$inferInsert> = {},
) {
  const [row] = await db
    .update(provisioningOrgs)
    .set({ leaseUntil: new Date(Date.now() + leaseMs()), ...extra })
    .where(and(eq(provisioningOrgs.orgId, orgId), eq(provisioningOrgs.leaseOwner, owner)))
    .returning();
  return row ?? null;
}

async function releaseLease(db: Db, orgId: string, owner: string) {
  await db
    .update(provisioningOrgs)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(provisioningOrgs.orgId, orgId), eq(provisioningOrgs.leaseOwner, owner)));
}

async function heartbeat<T>(db: Db, orgId: string, owner: string, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => void renewLease(db, orgId, owner).catch(() => {}), leaseMs() / 4);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/**
 * After a create: the next one waits when the org's bucket is down to its reserve, for as many refills as it is
 * under it. The refill rate is the one Atlas states for the bucket (listRateLimits, read once per slice), else a
 * bucket refilled once a minute.
 */
function paceAfter(
  connectionId: string,
  template: "createOrgUser" | "createOrgInvite",
  orgId: string,
  budget: OrgBudget | null,
): Date | null {
  const b = observedBudget(connectionId, template, orgId);
  if (!b) return null;
  const reserve = reserveOf(b.limit);
  if (b.remaining > reserve) return null;
  const perTokenMs =
    budget && budget.refillRate > 0
      ? (budget.refillDurationSeconds * 1000) / budget.refillRate
      : 60_000 / (b.limit ?? 60);
  return new Date(Date.now() + perTokenMs * (reserve - b.remaining + 1));
}

export type OrgWorkResult = "idle" | "yielded" | "not-mine";

/** Works an org's dirty directory users for up to one slice. */
export async function workOrg(
  orgId: string,
  worker = PROVISIONING_WORKER_ID,
  sliceMs = SLICE_MS,
): Promise<OrgWorkResult> {
  for (let round = 0; ; round++) {
    const result = await workOrgOnce(orgId, worker, sliceMs);
    if (result !== "idle" || round >= 3) return result;
    // A change marked between the last look and the lease's release woke a job that found the lease held:
    // looked at again now, not at the next sweep.
    const db = await getDb();
    const [left] = await db
      .select({ id: scimUsers.id })
      .from(scimUsers)
      .where(and(eq(scimUsers.orgId, orgId), isNotNull(scimUsers.dirtyAt)))
      .limit(1);
    if (!left) return "idle";
  }
}

async function workOrgOnce(orgId: string, worker: string, sliceMs: number): Promise<OrgWorkResult> {
  const db = await getDb();
  const owner = `${worker}/${randomBytes(4).toString("hex")}`;
  let lease = await takeLease(db, orgId, owner);
  if (!lease) return "not-mine";
  const log = logger.child({ provisioningOrg: orgId });
  const sliceEnd = Date.now() + sliceMs;
  // A user that keeps asking for another step at once (a move, a member who is not one) is bounded.
  const agains = new Map<string, number>();
  /** The org's create bucket as Atlas states it (undefined: not read yet in this slice). */
  let budget: OrgBudget | null | undefined;
  /** How many users to work at once: what the org's bucket holds above its reserve, at most BATCH. */
  const widthNow = async (org: string): Promise<number> => {
    try {
      const { http } = await atlasForOrg(org);
      const template = http.conn.invitesApi === "users" ? "createOrgUser" : "createOrgInvite";
      const b = observedBudget(http.conn.id, template, org);
      return b ? Math.max(1, Math.min(BATCH, b.remaining - reserveOf(b.limit))) : 1;
    } catch {
      return 1;
    }
  };
  try {
    for (;;) {
      if (Date.now() > sliceEnd) return "yielded";
      const wait = (lease.nextSendAt?.getTime() ?? 0) - Date.now();
      if (wait > 0) {
        await sleep(Math.min(wait, STEP_MS));
        lease = await renewLease(db, orgId, owner);
        if (!lease) return "not-mine";
        continue;
      }
      // Users a dead worker left mid-send are settled first; then up to BATCH users at once, as many as the
      // org's bucket holds above its reserve (one when it is unknown): an org's sends overlap their round trips.
      const orphans = await db
        .select()
        .from(scimUsers)
        .where(and(eq(scimUsers.orgId, orgId), isNotNull(scimUsers.sendingAt)))
        .limit(BATCH);
      const settling = orphans.length > 0;
      const batch = settling
        ? orphans
        : await db
            .select()
            .from(scimUsers)
            .where(and(eq(scimUsers.orgId, orgId), isNotNull(scimUsers.dirtyAt)))
            .orderBy(asc(scimUsers.dirtyAt))
            .limit(await widthNow(orgId));
      if (batch.length === 0) return "idle";
      const steps = await heartbeat(db, orgId, owner, () =>
        Promise.all(
          batch.map(async (user): Promise<Step> => {
            try {
              const ctx: Ctx = { db, orgId, actor: await actorFor(db, user) };
              if (settling) {
                await settle(ctx, user);
                return { kind: "again" };
              }
              return await reconcileUser(ctx, user);
            } catch (e) {
              const step = fromError(e);
              if (step.kind === "retry") {
                log.warn({ err: e instanceof Error ? e.message : String(e) }, "provisioning step failed");
              }
              return step;
            }
          }),
        ),
      );
      let nextSendAt: Date | null = null;
      const notBefore = (d: Date) => {
        if (!nextSendAt || d > nextSendAt) nextSendAt = d;
      };
      for (const [k, user] of batch.entries()) {
        let step = steps[k]!;
        if (step.kind === "again" && !settling) {
          const n = (agains.get(user.id) ?? 0) + 1;
          agains.set(user.id, n);
          if (n > 4)
            step = { kind: "retry", message: "Atlas and the directory did not settle for this person." };
        }
        const mark = user.dirtyAt;
        if (step.kind === "done" && mark) {
          await db
            .update(scimUsers)
            .set({ dirtyAt: null, attempts: 0 })
            .where(and(eq(scimUsers.id, user.id), eq(scimUsers.dirtyAt, mark)));
        } else if (step.kind === "later") {
          notBefore(new Date(Date.now() + step.seconds * 1000));
          if (step.rateLimited) log.info({ retryAfter: step.seconds }, "Atlas rate limit: waiting");
        } else if (step.kind === "retry") {
          const attempts = user.attempts + 1;
          await db
            .update(scimUsers)
            .set(
              attempts >= MAX_ATTEMPTS
                ? {
                    dirtyAt: null,
                    attempts: 0,
                    atlasState: "failed",
                    atlasMessage: step.message,
                    sendingAt: null,
                  }
                : { dirtyAt: new Date(), attempts, atlasMessage: step.message },
            )
            .where(eq(scimUsers.id, user.id));
          notBefore(new Date(Date.now() + Math.min(60_000, 2_000 * attempts)));
        }
      }
      if (!nextSendAt) {
        try {
          const { http } = await atlasForOrg(orgId);
          const template = http.conn.invitesApi === "users" ? "createOrgUser" : "createOrgInvite";
          if (budget === undefined && observedBudget(http.conn.id, template, orgId)) {
            budget = await readCreateBudget(http, orgId);
          }
          nextSendAt = paceAfter(http.conn.id, template, orgId, budget ?? null);
        } catch {
          nextSendAt = null;
        }
      }
      lease = await renewLease(db, orgId, owner, { nextSendAt });
      if (!lease) return "not-mine";
    }
  } finally {
    await releaseLease(db, orgId, owner).catch((err: unknown) =>
      log.warn({ err }, "could not release the lease"),
    );
  }
}

/** Orgs with directory changes Atlas has not followed and no live worker (after a crash, a restart). */
export async function orgsToWork(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ orgId: scimUsers.orgId })
    .from(scimUsers)
    .leftJoin(provisioningOrgs, eq(provisioningOrgs.orgId, scimUsers.orgId))
    .where(
      and(
        isNotNull(scimUsers.dirtyAt),
        or(isNull(provisioningOrgs.leaseUntil), lt(provisioningOrgs.leaseUntil, new Date())),
      ),
    );
  return rows.map((r) => r.orgId);
}

/** At start-up on PGlite: a lease held by another process is a dead one (one process opens the directory). */
export async function endDeadProvisioningLeases(db: Db): Promise<void> {
  await db
    .update(provisioningOrgs)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(sql`${provisioningOrgs.leaseOwner} is not null`);
}
