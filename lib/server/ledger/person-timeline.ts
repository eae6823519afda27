import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { actionLabel } from "@/lib/schemas/audit-labels";
import type { LedgerStatus } from "@/lib/schemas/ledger";
import { LEDGER_EVENT_LABELS } from "@/lib/schemas/ledger-api";
import type { PersonTimeline, TimelineStep } from "@/lib/schemas/ledger-api";
import type { Db } from "../db";
import { getDb } from "../db";
import { auditRows } from "../db/schema/audit";
import { toLedgerEntries } from "./list-ledger";
import type { LedgerEventRow, LedgerRow } from "./repository";
import { personHistory } from "./repository";

// A person's timeline in one org: the events of their ledger rows and the audit rows whose target is their
// address, in time order, each with the console user behind it. One console action is one step: the events it
// wrote on several rows (a renew's start, the old row's close and the new row's create; a re-invite's new row
// and old row) and the audit rows it made on the way (a re-invite's own "invitation.created") fold into the
// step of its audit row, in the audit log's words. Texts are for people: no ledger or Atlas ids.

type AuditRowRecord = typeof auditRows.$inferSelect;
type Step = TimelineStep & { ms: number; order: number };

/** A re-invite's inner create is audited on its own, inside the re-invite's window (a crash leaves it open). */
const OPEN_WINDOW_MS = 5 * 60_000;

async function auditRowsFor(db: Db, orgId: string, email: string): Promise<AuditRowRecord[]> {
  return db
    .select()
    .from(auditRows)
    .where(and(eq(auditRows.orgId, orgId), sql`lower(${auditRows.targetEmail}) = ${email}`))
    .orderBy(asc(auditRows.createdAt), asc(auditRows.id))
    .limit(500);
}

const FROM_WORDS: Partial<Record<LedgerStatus, string>> = {
  expired: "expired",
  rejected: "was rejected",
  cancelled: "was cancelled",
};

/** The sentence under a console action's step, from what the ledger knows (never the audit row's raw detail). */
function actionDetail(audit: AuditRowRecord, principal: LedgerEventRow): string | null {
  if (audit.outcome !== "success") return audit.detail;
  switch (audit.action) {
    case "invitation.renewed":
      return "Cancelled and sent again with the same grants: a fresh invitation e-mail and a new expiry date.";
    case "invitation.reinvited": {
      const from = principal.fromStatus ? FROM_WORDS[principal.fromStatus] : undefined;
      return from ? `Invited again after the earlier invitation ${from}.` : "Invited again.";
    }
    default:
      return null;
  }
}

/** The event that names a console action: not the new row's "created" nor the renew's first step. */
function principalOf(events: LedgerEventRow[]): LedgerEventRow {
  const named = events.filter((e) => e.kind !== "created" && e.kind !== "renew_started");
  return named.at(-1) ?? events.at(-1)!;
}

/** An event nobody in the console caused, in the ledger's words; "discovered" by what the sync found. */
function observedStep(ev: LedgerEventRow, row: LedgerRow | undefined, order: number): Step {
  let label = LEDGER_EVENT_LABELS[ev.kind];
  let at = ev.at;
  if (ev.kind === "discovered") {
    if (ev.toStatus === "pending") {
      // The invitation itself, when Atlas made it (by someone else, often weeks before the console first looked).
      label = "Invited in Atlas";
      // Its "by" line says the sync saw it (components/invitations/invitation-timeline.tsx).
      if (row?.atlasCreatedAt && row.atlasCreatedAt < ev.at) at = row.atlasCreatedAt;
    } else if (ev.toStatus) {
      label = `Found in Atlas already ${ev.toStatus}`;
    }
  }
  return {
    id: `event:${ev.seq}`,
    at: at.toISOString(),
    kind: "event",
    label,
    event: ev.kind,
    toStatus: ev.toStatus,
    ledgerId: ev.ledgerId,
    auditId: ev.auditId,
    action: null,
    outcome: null,
    actorEmail: ev.actorEmail ?? null,
    detail: null,
    ms: at.getTime(),
    order,
  };
}

export async function personTimeline(orgId: string, email: string): Promise<PersonTimeline> {
  const db = await getDb();
  const address = email.toLowerCase();
  const [{ rows, events }, audits] = await Promise.all([
    personHistory(db, orgId, address),
    auditRowsFor(db, orgId, address),
  ]);
  const auditById = new Map(audits.map((a) => [a.id, a]));
  const rowById = new Map(rows.map((r) => [r.id, r]));

  // A re-invite's own create (audited and recorded in the ledger by lib/server/invitations/create-invitations.ts)
  // is part of the re-invite: its audit row and events count as the re-invite's.
  const outerOf = new Map<string, string>();
  for (const a of audits) {
    if (a.action !== "invitation.reinvited") continue;
    const from = a.createdAt.getTime();
    const to = a.completedAt?.getTime() ?? from + OPEN_WINDOW_MS;
    for (const inner of audits) {
      const t = inner.createdAt.getTime();
      if (inner.action === "invitation.created" && t >= from && t <= to) outerOf.set(inner.id, a.id);
    }
  }
  const actionOf = (auditId: string | null) =>
    auditId && auditById.has(auditId) ? (outerOf.get(auditId) ?? auditId) : null;

  // The events of each console action, in the order written.
  const byAudit = new Map<string, LedgerEventRow[]>();
  for (const ev of events) {
    const id = actionOf(ev.auditId);
    if (!id) continue;
    const group = byAudit.get(id) ?? [];
    group.push(ev);
    byAudit.set(id, group);
  }
  const folded = new Set([...byAudit.keys(), ...outerOf.keys()]);

  const steps: Step[] = [];
  events.forEach((ev, i) => {
    const actionId = actionOf(ev.auditId);
    const group = actionId ? byAudit.get(actionId) : undefined;
    if (!actionId || !group) {
      steps.push(observedStep(ev, rowById.get(ev.ledgerId), i));
      return;
    }
    if (group[0] !== ev) return; // one step per action, at its first event
    const audit = auditById.get(actionId)!;
    const principal = principalOf(group);
    steps.push({
      id: `event:${ev.seq}`,
      at: ev.at.toISOString(),
      kind: "event",
      label: actionLabel(audit.action),
      event: principal.kind,
      toStatus: principal.toStatus,
      ledgerId: principal.ledgerId,
      auditId: audit.id,
      action: audit.action,
      outcome: audit.outcome,
      actorEmail: principal.actorEmail ?? audit.userEmail ?? null,
      detail: actionDetail(audit, principal),
      ms: ev.at.getTime(),
      order: i,
    });
  });
  audits.forEach((a, i) => {
    if (folded.has(a.id)) return;
    steps.push({
      id: `audit:${a.id}`,
      at: a.createdAt.toISOString(),
      kind: "audit",
      label: actionLabel(a.action),
      event: null,
      toStatus: null,
      ledgerId: null,
      auditId: a.id,
      action: a.action,
      outcome: a.outcome,
      actorEmail: a.userEmail,
      detail: a.detail,
      ms: a.createdAt.getTime(),
      order: events.length + i,
    });
  });
  steps.sort((x, y) => x.ms - y.ms || x.order - y.order);
  return {
    email: address,
    invitations: await toLedgerEntries(db, orgId, rows),
    steps: steps.map(({ ms: _ms, order: _order, ...s }) => s),
  };
}
