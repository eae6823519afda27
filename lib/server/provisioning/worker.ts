import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { and, asc, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { observedBudget } from "../atlas/budget";
import type { OrgBudget } from "../atlas/rate-limits";
import { readCreateBudget } from "../atlas/rate-limits";
import { reserveOf } from "../bulk/work-run";
import { atlasForOrg } from "../connections/route-org";
import type { Db } from "../db";
import { getDb } from "../db";
import { provisioningOrgs, scimUsers } from "../db/schema";
import { env } from "../env";
import { logger } from "../log";
import type { Ctx, Step } from "./steps";
import { actorFor, fromError, settle } from "./steps";
import { reconcileUser } from "./reconcile";

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
