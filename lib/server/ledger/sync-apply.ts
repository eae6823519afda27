import "server-only";
import type { Grants } from "@/lib/schemas/grants";
import type { LedgerStatus } from "@/lib/schemas/ledger";
import type { Invitation } from "@/lib/schemas/invitations";
import type { OrgUser, ProjectInvitation } from "../atlas/atlas-schemas";
import type { ProjectInvitationsRead } from "../atlas/ledger-reads";
import type { Db } from "../db";
import type { LedgerSyncCounts } from "../db/schema/ledger-sync";
import type { LedgerInvitationInput, LedgerRow } from "./repository";
import {
  findByAtlasId,
  listLedger,
  recordClosed,
  recordPending,
  setLedgerUserId,
  transition,
} from "./repository";

// What the sync (lib/server/ledger/sync.ts) records from what it read. Every write is idempotent (a second
// run over the same Atlas state writes no row and no event) and safe beside another instance doing the same:
// transition() only moves a row still in the status this run read, recordPending() keeps one pending row per
// key, and recordClosed() derives its row id from the Atlas id.

export type Counts = LedgerSyncCounts;
export const emptyCounts = (): Counts => ({
  atlasCalls: 0,
  pendingSeen: 0,
  discovered: 0,
  accepted: 0,
  expired: 0,
  rejected: 0,
  cancelledInAtlas: 0,
});

const date = (s: string | null | undefined) => (s ? new Date(s) : null);

/**
 * When an invitation expired: at its expiry in Atlas, not when a sync noticed (the Expired tab's column), unless
 * that expiry is unknown or still ahead of the clock that judged it expired.
 */
const expiredAt = (expiresAt: Date | null | undefined, now: Date) =>
  expiresAt && expiresAt <= now ? expiresAt : now;

/**
 * Whether a listed pending invitation is one the ledger has already closed: the same Atlas id and creation
 * time (a row the sync closed at its expiry while Atlas still lists it), or closed since this run read Atlas
 * (a console cancel meanwhile: judged by when the row was written, since an expired row is dated by Atlas's
 * expiry, which Atlas's clock may put ahead of ours). A new invitation reusing an id has another creation
 * time and is recorded.
 */
async function alreadyClosed(db: Db, input: LedgerInvitationInput, readStartedAt: Date): Promise<boolean> {
  const atlasId = input.userId ?? input.invitationId;
  if (!atlasId) return false;
  const prior = await findByAtlasId(db, input.orgId, atlasId);
  if (!prior || prior.status === "pending") return false;
  const created = input.atlasCreatedAt;
  const sameInvitation = !!created && prior.atlasCreatedAt?.getTime() === created.getTime();
  return sameInvitation || prior.updatedAt >= readStartedAt;
}

function grantsOfUser(u: OrgUser): Grants {
  return {
    orgRoles: u.roles.orgRoles,
    teamIds: u.teamIds,
    projectRoles: u.roles.groupRoleAssignments.map((a) => ({ projectId: a.groupId, roles: a.groupRoles })),
  };
}

export interface OrgRead {
  connectionId: string;
  orgId: string;
  /** The users API's people of the org, all four statuses. */
  people: OrgUser[];
  /** The legacy org invitations, when the connection works in invitations mode (null: users mode). */
  legacy: Invitation[] | null;
  /** When the reads started: rows recorded after it (a console create meanwhile) are not judged. */
  readStartedAt: Date;
  /** Now, for expiry: the later of this clock and Atlas's (its Date header), which decides expiry there. */
  now: Date;
}

/** Where a pending row went, from what the users API says of its address now. */
function verdict(
  row: LedgerRow,
  person: OrgUser | undefined,
  now: Date,
): { to: LedgerStatus; kind: "accepted" | "expired" | "rejected" | "cancelled_in_atlas" } | null {
  switch (person?.orgMembershipStatus) {
    case "ACTIVE":
      return { to: "accepted", kind: "accepted" };
    case "INVITATION_EXPIRED":
      return { to: "expired", kind: "expired" };
    case "INVITATION_REJECTED":
      return { to: "rejected", kind: "rejected" };
    case "PENDING":
      // Still invited (a project invitation gone while the person is invited to the org, say): not judged.
      if (row.source !== "project") return null;
  }
  if (row.expiresAt && row.expiresAt <= now) return { to: "expired", kind: "expired" };
  return { to: "cancelled", kind: "cancelled_in_atlas" };
}

const COUNT_OF = {
  accepted: "accepted",
  expired: "expired",
  rejected: "rejected",
  cancelled_in_atlas: "cancelledInAtlas",
} as const;

/**
 * A renew or migration that stopped half-way (lib/server/invitations/renew-invitation.ts, lib/server/sunset):
 * its old invitation may be gone from Atlas on purpose and its replacement not yet recorded. The operation's
 * finisher owns that person; the sync neither closes the row nor merges a new invitation into it.
 */
const unfinished = (row: LedgerRow) => !!row.pendingOperation && row.pendingOperation.step !== "created";

async function close(
  db: Db,
  row: LedgerRow,
  person: OrgUser | undefined,
  now: Date,
  counts: Counts,
): Promise<boolean> {
  if (unfinished(row)) return false;
  if (person && !row.userId && row.source !== "project") await setLedgerUserId(db, row.id, person.id);
  const v = verdict(row, person, now);
  if (!v) return false;
  const moved = await transition(db, row, v.to, {
    kind: v.kind,
    detail: { by: "sync", atlasStatus: person?.orgMembershipStatus ?? "absent" },
    ...(v.to === "expired" ? { at: expiredAt(date(person?.invitationExpiresAt) ?? row.expiresAt, now) } : {}),
  });
  if (moved) counts[COUNT_OF[v.kind]]++;
  return moved;
}

/** Org invitations (users API or legacy, one person per address): discovered, still pending, or gone. */
export async function applyOrgRead(db: Db, read: OrgRead, counts: Counts): Promise<void> {
  const now = read.now;
  const byEmail = new Map(read.people.map((p) => [p.username.toLowerCase(), p]));
  const listed = new Map<string, LedgerInvitationInput>();
  if (read.legacy) {
    for (const i of read.legacy) {
      const email = i.email.toLowerCase();
      const person = byEmail.get(email);
      listed.set(email, {
        connectionId: read.connectionId,
        orgId: read.orgId,
        email,
        source: "invitations",
        grants: { orgRoles: i.orgRoles, teamIds: i.teamIds, projectRoles: i.projectRoles },
        invitationId: i.id,
        userId: person?.orgMembershipStatus === "PENDING" ? person.id : null,
        inviter: i.inviter,
        atlasCreatedAt: date(i.createdAt),
        expiresAt: date(i.expiresAt),
      });
    }
  } else {
    for (const p of read.people) {
      if (p.orgMembershipStatus !== "PENDING") continue;
      const email = p.username.toLowerCase();
      listed.set(email, {
        connectionId: read.connectionId,
        orgId: read.orgId,
        email,
        source: "users",
        grants: grantsOfUser(p),
        userId: p.id,
        inviter: p.inviterUsername ?? null,
        atlasCreatedAt: date(p.invitationCreatedAt),
        expiresAt: date(p.invitationExpiresAt),
      });
    }
  }
  counts.pendingSeen += listed.size;

  // One org invitation is one pending person, whichever API created it: a row of either org source matches.
  const rows = (await listLedger(db, read.orgId, "pending")).filter((r) => r.source !== "project");
  const rowsByEmail = new Map<string, LedgerRow[]>();
  for (const r of rows) rowsByEmail.set(r.email, [...(rowsByEmail.get(r.email) ?? []), r]);

  for (const [email, input] of listed) {
    const existing = rowsByEmail.get(email)?.[0];
    if (existing && unfinished(existing)) continue;
    if (!existing && (await alreadyClosed(db, input, read.readStartedAt))) continue;
    const row = await recordPending(db, existing ? { ...input, source: existing.source } : input, {
      kind: "discovered",
      detail: { by: "sync" },
    });
    if (!existing) counts.discovered++;
    // Atlas may list an invitation a little past its expiry: the ledger calls it expired at once.
    if (row.expiresAt && row.expiresAt <= now) await close(db, row, undefined, now, counts);
  }

  const closedIds = new Set<string>();
  for (const r of rows) {
    if (listed.has(r.email)) continue;
    if ((r.lastSeenAt ?? r.createdAt) > read.readStartedAt) continue;
    const person = byEmail.get(r.email);
    if (await close(db, r, person, now, counts)) if (person) closedIds.add(person.id);
  }

  // Expired and rejected people the ledger never saw pending: recorded, so the tabs show Atlas's own.
  for (const p of read.people) {
    const status = p.orgMembershipStatus;
    if (status !== "INVITATION_EXPIRED" && status !== "INVITATION_REJECTED") continue;
    if (closedIds.has(p.id) || (await findByAtlasId(db, read.orgId, p.id))) continue;
    const recorded = await recordClosed(
      db,
      {
        connectionId: read.connectionId,
        orgId: read.orgId,
        email: p.username,
        source: read.legacy ? "invitations" : "users",
        grants: grantsOfUser(p),
        userId: p.id,
        inviter: p.inviterUsername ?? null,
        atlasCreatedAt: date(p.invitationCreatedAt),
        expiresAt: date(p.invitationExpiresAt),
      },
      status === "INVITATION_EXPIRED" ? "expired" : "rejected",
      {
        kind: "discovered",
        detail: { by: "sync", atlasStatus: status },
        ...(status === "INVITATION_EXPIRED" ? { at: expiredAt(date(p.invitationExpiresAt), now) } : {}),
      },
    );
    if (recorded) counts.discovered++;
  }
}

const projectKey = (projectId: string, email: string) => `${projectId}\u0000${email.toLowerCase()}`;

/** Legacy project invitations: discovered, still pending, or gone (only where the project was read). */
export async function applyProjectRead(
  db: Db,
  read: Omit<OrgRead, "legacy">,
  projects: ProjectInvitationsRead,
  counts: Counts,
): Promise<void> {
  const now = read.now;
  const byEmail = new Map(read.people.map((p) => [p.username.toLowerCase(), p]));
  const rows = (await listLedger(db, read.orgId, "pending")).filter((r) => r.source === "project");
  const known = new Set(rows.map((r) => projectKey(r.projectId, r.email)));
  const listed = new Map<string, ProjectInvitation>();
  for (const i of projects.invitations) listed.set(projectKey(i.groupId, i.username), i);
  counts.pendingSeen += listed.size;

  for (const [key, i] of listed) {
    const input: LedgerInvitationInput = {
      connectionId: read.connectionId,
      orgId: read.orgId,
      email: i.username,
      source: "project",
      projectId: i.groupId,
      grants: { orgRoles: [], teamIds: [], projectRoles: [{ projectId: i.groupId, roles: i.roles }] },
      invitationId: i.id,
      inviter: i.inviterUsername ?? null,
      atlasCreatedAt: date(i.createdAt),
      expiresAt: date(i.expiresAt),
    };
    if (!known.has(key) && (await alreadyClosed(db, input, read.readStartedAt))) continue;
    const row = await recordPending(db, input, { kind: "discovered", detail: { by: "sync" } });
    if (!known.has(key)) counts.discovered++;
    if (row.expiresAt && row.expiresAt <= now) await close(db, row, undefined, now, counts);
  }

  for (const r of rows) {
    if (listed.has(projectKey(r.projectId, r.email))) continue;
    if ((r.lastSeenAt ?? r.createdAt) > read.readStartedAt) continue;
    // A project of the org whose invitations could not be read: nothing is known of them.
    if (projects.projectIds.has(r.projectId) && !projects.readProjectIds.has(r.projectId)) continue;
    await close(db, r, byEmail.get(r.email), now, counts);
  }
}
