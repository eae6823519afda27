import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { actionLabel } from "@/components/audit/audit-labels";
import { LEDGER_EVENT_LABELS } from "@/lib/schemas/ledger-api";
import type { PersonTimeline, TimelineStep } from "@/lib/schemas/ledger-api";
import type { Db } from "../db";
import { getDb } from "../db";
import { auditRows } from "../db/schema/audit";
import { toLedgerEntries } from "./list-ledger";
import { personHistory } from "./repository";

// A person's timeline in one org: the events of their ledger rows and the audit rows whose target is their
// address, in time order, each with the console user behind it. An event that links an audit row (the
// console's own create, cancel, re-invite) absorbs it: one step, with the action's label and outcome.

type AuditRowRecord = typeof auditRows.$inferSelect;

async function auditRowsFor(db: Db, orgId: string, email: string): Promise<AuditRowRecord[]> {
  return db
    .select()
    .from(auditRows)
    .where(and(eq(auditRows.orgId, orgId), sql`lower(${auditRows.targetEmail}) = ${email}`))
    .orderBy(asc(auditRows.createdAt), asc(auditRows.id))
    .limit(500);
}

export async function personTimeline(orgId: string, email: string): Promise<PersonTimeline> {
  const db = await getDb();
  const address = email.toLowerCase();
  const [{ rows, events }, audits] = await Promise.all([
    personHistory(db, orgId, address),
    auditRowsFor(db, orgId, address),
  ]);
  const auditById = new Map(audits.map((a) => [a.id, a]));
  // When several events link one audit row (a re-invite's new row and old row), the last one tells it.
  const absorber = new Map<string, number>();
  events.forEach((ev, i) => {
    if (ev.auditId && auditById.has(ev.auditId)) absorber.set(ev.auditId, i);
  });
  const absorbed = new Set(absorber.keys());
  const steps: (TimelineStep & { ms: number; order: number })[] = [];
  events.forEach((ev, i) => {
    const audit = ev.auditId && absorber.get(ev.auditId) === i ? auditById.get(ev.auditId) : undefined;
    steps.push({
      id: `event:${ev.seq}`,
      at: ev.at.toISOString(),
      kind: "event",
      // The console's own action speaks in the audit log's words; the sync's observations in the ledger's.
      label: audit ? actionLabel(audit.action) : LEDGER_EVENT_LABELS[ev.kind],
      event: ev.kind,
      toStatus: ev.toStatus,
      ledgerId: ev.ledgerId,
      auditId: ev.auditId,
      action: audit?.action ?? null,
      outcome: audit?.outcome ?? null,
      actorEmail: ev.actorEmail ?? audit?.userEmail ?? null,
      detail: audit?.detail ?? null,
      ms: ev.at.getTime(),
      order: i,
    });
  });
  audits.forEach((a, i) => {
    if (absorbed.has(a.id)) return;
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
