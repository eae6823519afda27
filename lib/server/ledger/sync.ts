import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Invitation, InvitationSource } from "@/lib/schemas/invitations";
import type { LedgerGrants } from "@/lib/schemas/ledger";
import type { OrgUser } from "../atlas/atlas-schemas";
import { isAtlasError } from "../atlas/errors";
import type { AtlasHttp } from "../atlas/http";
import { LegacyInvitations, listProjectInvitations } from "../atlas/invitations";
import { listOrgPeople } from "../atlas/org-people";
import { atlasForOrg } from "../console/connection";
import type { Db } from "../db";
import { ledgerSyncState } from "../db/schema/ledger-sync";
import type { LedgerSyncStateRow } from "../db/schema/ledger-sync";
import { logger } from "../log";
import type { LedgerRow } from "./repository";
import {
  SYSTEM_ACTOR,
  findPending,
  listLedger,
  recordPending,
  recordSettled,
  transition,
} from "./repository";

// The sync: reads what Atlas knows about an org's invitations and records what changed in the ledger
// (lib/server/ledger/repository.ts). Atlas is the truth for org invitations through the users API, whichever
// API created them (an org invitation is one PENDING person in both: sim/README.md), and the legacy project
// invitations through their own list. What the sync sees:
//   PENDING person              → a pending row (refreshed, or "discovered" when the console did not create it)
//   ACTIVE person               → their pending rows become accepted
//   INVITATION_EXPIRED/REJECTED → their pending row becomes expired / rejected (or a settled row is recorded)
//   a pending row Atlas no longer has → accepted if the address is an active member, expired if past its
//                                  expiry, else cancelled in Atlas (a console cancel has already moved it)
// Idempotent, and safe with two instances at once: every transition is conditional on the row's status.

/** Below this many calls left in the org-users bucket the run stops early and says so (a later run goes on). */
const MIN_BUDGET = 20;

export interface SyncCounts {
  discovered: number;
  refreshed: number;
  accepted: number;
  expired: number;
  rejected: number;
  cancelled: number;
}

export interface SyncReport {
  orgId: string;
  connectionId: string;
  counts: SyncCounts;
  /** False when the run stopped before reading everything (rate-limit budget); the next run goes on. */
  complete: boolean;
}

const ORG_SOURCES: readonly InvitationSource[] = ["users", "invitations"];

function grantsOfPerson(p: OrgUser): LedgerGrants {
  return {
    orgRoles: p.roles.orgRoles,
    teamIds: p.teamIds,
    projectRoles: p.roles.groupRoleAssignments.map((a) => ({ projectId: a.groupId, roles: a.groupRoles })),
  };
}
const grantsOf = (i: Invitation): LedgerGrants => ({
  orgRoles: i.orgRoles,
  teamIds: i.teamIds,
  projectRoles: i.projectRoles,
});
const date = (s: string | null | undefined) => (s ? new Date(s) : null);

// One run per org at a time in this process (a "sync now" while the scheduled one runs waits for it).
const running = new Map<string, Promise<SyncReport>>();

/** Syncs one org's ledger with Atlas through the connection that serves it. */
export function syncOrg(db: Db, orgId: string): Promise<SyncReport> {
  const current = running.get(orgId);
  if (current) return current;
  const run = runSync(db, orgId).finally(() => running.delete(orgId));
  running.set(orgId, run);
  return run;
}

async function runSync(db: Db, orgId: string): Promise<SyncReport> {
  const startedAt = new Date();
  await db
    .insert(ledgerSyncState)
    .values({ orgId, lastStartedAt: startedAt, runs: 1 })
    .onConflictDoUpdate({
      target: ledgerSyncState.orgId,
      set: { lastStartedAt: startedAt, runs: sql`${ledgerSyncState.runs} + 1` },
    });
  let connectionId: string | null = null;
  try {
    const { http, connection } = await atlasForOrg(orgId);
    connectionId = connection.id;
    const report = await readAndRecord(db, http, orgId, connection.id, startedAt);
    await db
      .update(ledgerSyncState)
      .set({
        connectionId: connection.id,
        lastFinishedAt: new Date(),
        ...(report.complete ? { lastOkAt: new Date(), lastError: null } : {}),
        ...(report.complete
          ? {}
          : { lastError: "Stopped early to stay inside Atlas's rate limit; the next sync goes on." }),
        counts: { ...report.counts },
      })
      .where(eq(ledgerSyncState.orgId, orgId));
    return report;
  } catch (err) {
    const message = isAtlasError(err)
      ? `${err.message}${err.errorCode ? ` (${err.errorCode})` : ""}`
      : err instanceof Error
        ? err.message
        : "sync failed";
    await db
      .update(ledgerSyncState)
      .set({ connectionId, lastFinishedAt: new Date(), lastError: message.slice(0, 300) })
      .where(eq(ledgerSyncState.orgId, orgId))
      .catch(() => {});
    logger.warn({ orgId, err: message }, "ledger sync failed");
    throw err;
  }
}

async function readAndRecord(
  db: Db,
  http: AtlasHttp,
  orgId: string,
  connectionId: string,
  startedAt: Date,
): Promise<SyncReport> {
  let remaining = Number.POSITIVE_INFINITY;
  let atlasNow = Date.now();
  const watch = (_status: number, headers: Headers) => {
    const left = Number(headers.get("ratelimit-remaining"));
    if (headers.has("ratelimit-remaining") && Number.isFinite(left)) remaining = left;
    const d = Date.parse(headers.get("date") ?? "");
    if (Number.isFinite(d)) atlasNow = d;
  };
  const people = await listOrgPeople(
    http,
    orgId,
    ["PENDING", "ACTIVE", "INVITATION_EXPIRED", "INVITATION_REJECTED"],
    watch,
  );
  const legacyMode = http.conn.invitesApi === "invitations";
  let complete = true;
  // Legacy invitation ids (the id a legacy-mode console cancels with) and project invitations.
  let legacy: Invitation[] = [];
  let projects: Invitation[] | null = null;
  if (remaining > MIN_BUDGET) {
    if (legacyMode) legacy = await new LegacyInvitations(http).list(orgId);
    projects = await listProjectInvitations(http, orgId);
  } else complete = false;

  const counts: SyncCounts = {
    discovered: 0,
    refreshed: 0,
    accepted: 0,
    expired: 0,
    rejected: 0,
    cancelled: 0,
  };
  const source: InvitationSource = legacyMode ? "invitations" : "users";
  const legacyIdOf = new Map(legacy.map((i) => [i.email.toLowerCase(), i.id]));
  const active = new Set<string>();
  const pendingEmails = new Set<string>();

  for (const p of people) {
    const email = p.username.toLowerCase();
    const base = {
      connectionId,
      orgId,
      email,
      source,
      grants: grantsOfPerson(p),
      userId: p.id,
      inviter: p.inviterUsername ?? null,
      atlasCreatedAt: date(p.invitationCreatedAt),
      expiresAt: date(p.invitationExpiresAt),
    };
    if (p.orgMembershipStatus === "ACTIVE") {
      active.add(email);
      continue;
    }
    // An org invitation recorded under the other API (the connection changed mode) is the same person.
    const existing =
      (await findPending(db, { orgId, email, source })) ??
      (await findPending(db, { orgId, email, source: source === "users" ? "invitations" : "users" }));
    if (p.orgMembershipStatus === "PENDING") {
      pendingEmails.add(email);
      const row = await recordPending(
        db,
        { ...base, source: existing?.source ?? source, invitationId: legacyIdOf.get(email) ?? null },
        { kind: "discovered", actor: SYSTEM_ACTOR },
      );
      if (existing) counts.refreshed++;
      else if (row) counts.discovered++;
      continue;
    }
    const status = p.orgMembershipStatus === "INVITATION_EXPIRED" ? "expired" : "rejected";
    if (existing) {
      if (
        await transition(db, existing, status, { kind: status, actor: SYSTEM_ACTOR, at: new Date(atlasNow) })
      )
        counts[status]++;
    } else if (await recordSettled(db, base, status, { kind: status, actor: SYSTEM_ACTOR })) counts[status]++;
  }

  const projectKeys = new Set<string>();
  for (const inv of projects ?? []) {
    const projectId = inv.projectRoles[0]?.projectId ?? "";
    projectKeys.add(`${inv.email.toLowerCase()}\u0000${projectId}`);
    const existing = await findPending(db, { orgId, email: inv.email, source: "project", projectId });
    await recordPending(
      db,
      {
        connectionId,
        orgId,
        email: inv.email,
        source: "project",
        projectId,
        grants: grantsOf(inv),
        invitationId: inv.id,
        inviter: inv.inviter,
        atlasCreatedAt: date(inv.createdAt),
        expiresAt: date(inv.expiresAt),
      },
      { kind: "discovered", actor: SYSTEM_ACTOR },
    );
    if (existing) counts.refreshed++;
    else counts.discovered++;
  }

  // Pending rows Atlas no longer lists. Rows recorded after this run started are left alone (the console may
  // have just created them, after our read).
  for (const row of await listLedger(db, orgId, "pending")) {
    if (row.createdAt >= startedAt || (row.lastSeenAt && row.lastSeenAt >= startedAt)) continue;
    const isOrg = ORG_SOURCES.includes(row.source);
    if (isOrg && pendingEmails.has(row.email)) continue;
    if (!isOrg && (projects === null || projectKeys.has(`${row.email}\u0000${row.projectId}`))) continue;
    const settled = people.find(
      (p) =>
        p.username.toLowerCase() === row.email &&
        (p.orgMembershipStatus === "INVITATION_EXPIRED" || p.orgMembershipStatus === "INVITATION_REJECTED"),
    );
    if (isOrg && settled) continue; // moved above, or about to be by another instance
    if (await settle(db, row, active.has(row.email), atlasNow, counts)) continue;
  }
  return { orgId, connectionId, counts, complete };
}

async function settle(db: Db, row: LedgerRow, isActive: boolean, atlasNow: number, counts: SyncCounts) {
  const at = new Date(atlasNow);
  if (isActive) {
    if (await transition(db, row, "accepted", { kind: "accepted", actor: SYSTEM_ACTOR, at }))
      counts.accepted++;
    return true;
  }
  if (row.expiresAt && row.expiresAt.getTime() <= atlasNow) {
    if (await transition(db, row, "expired", { kind: "expired", actor: SYSTEM_ACTOR, at })) counts.expired++;
    return true;
  }
  if (await transition(db, row, "cancelled", { kind: "cancelled_in_atlas", actor: SYSTEM_ACTOR, at }))
    counts.cancelled++;
  return true;
}

/** The last sync of an org, or null before the first. */
export async function syncState(db: Db, orgId: string): Promise<LedgerSyncStateRow | null> {
  const [row] = await db.select().from(ledgerSyncState).where(eq(ledgerSyncState.orgId, orgId)).limit(1);
  return row ?? null;
}
