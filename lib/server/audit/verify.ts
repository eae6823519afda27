import "server-only";
import { asc, gt } from "drizzle-orm";
import type { Db } from "../db";
import { auditEvents, auditRows } from "../db/schema";
import { GENESIS, canonicalJson, eventHash } from "./chain";
import type { CompletionData, IntentData } from "./index";
import { rowOfIntent } from "./index";

export interface BrokenLink {
  /** The event's sequence number (null when the mismatch is in audit_rows only). */
  seq: number | null;
  auditId: string;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  events: number;
  rows: number;
  firstBroken: BrokenLink | null;
}

type Row = ReturnType<typeof rowOfIntent>;

/** What an audit row's columns must be, replayed from its events. */
function applyCompletion(row: Row, c: CompletionData): Row {
  return {
    ...row,
    completedAt: new Date(c.at),
    outcome: c.outcome,
    atlasStatus: c.atlasStatus,
    atlasErrorCode: c.atlasErrorCode,
    detail: c.detail ?? row.detail,
    targetId: c.targetId ?? row.targetId,
  };
}

const comparable = (r: Row) =>
  canonicalJson({
    ...r,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    grants: r.grants ?? null,
  });

/**
 * Walks the chain in order: each event must link to the one before and hash to what it says; then every
 * audit row must be exactly what its events replay to (an UPDATE on audit_rows is caught here).
 */
export async function verifyAuditChain(db: Db, batch = 1000): Promise<VerifyResult> {
  const expected = new Map<string, Row>();
  const firstSeq = new Map<string, number>();
  let prev = GENESIS;
  let count = 0;
  let after = 0;
  const broken = (seq: number, auditId: string, reason: string): VerifyResult => ({
    ok: false,
    events: count,
    rows: 0,
    firstBroken: { seq, auditId, reason },
  });
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, after))
      .orderBy(asc(auditEvents.seq))
      .limit(batch);
    for (const e of page) {
      count++;
      after = e.seq;
      if (e.prevHash !== prev) {
        return broken(
          e.seq,
          e.auditId,
          "it does not link to the event before it (an event was removed or reordered)",
        );
      }
      if (eventHash(e.prevHash, e.auditId, e.kind, e.data) !== e.hash) {
        return broken(e.seq, e.auditId, "its content does not match its hash (the event was altered)");
      }
      prev = e.hash;
      let data: unknown;
      try {
        data = JSON.parse(e.data);
      } catch {
        return broken(e.seq, e.auditId, "its data is not JSON");
      }
      if (e.kind === "completion") {
        const row = expected.get(e.auditId);
        if (!row) return broken(e.seq, e.auditId, "a completion without an intent");
        expected.set(e.auditId, applyCompletion(row, data as CompletionData));
      } else {
        if (expected.has(e.auditId)) return broken(e.seq, e.auditId, "a second intent for the same row");
        const d = data as IntentData;
        firstSeq.set(e.auditId, e.seq);
        expected.set(e.auditId, rowOfIntent(e.auditId, d, e.kind === "record" ? new Date(d.at) : null));
      }
    }
    if (page.length < batch) break;
  }

  // Rows: every mismatch is collected, and the one whose events come first in the chain is reported.
  let rows = 0;
  let afterId = "";
  const seen = new Set<string>();
  const problems: BrokenLink[] = [];
  for (;;) {
    const page = await db
      .select()
      .from(auditRows)
      .where(gt(auditRows.id, afterId))
      .orderBy(asc(auditRows.id))
      .limit(batch);
    for (const r of page) {
      rows++;
      afterId = r.id;
      seen.add(r.id);
      const want = expected.get(r.id);
      if (!want) {
        problems.push({
          seq: null,
          auditId: r.id,
          reason: "an audit row with no event in the chain (inserted)",
        });
        continue;
      }
      const got = r as Row;
      const changed = (Object.keys(want) as (keyof Row)[]).filter(
        (k) => comparable({ ...want, [k]: got[k] } as Row) !== comparable(want),
      );
      if (changed.length > 0) {
        problems.push({
          seq: firstSeq.get(r.id) ?? null,
          auditId: r.id,
          reason: `the audit row differs from its events (${changed.join(", ")} changed)`,
        });
      }
    }
    if (page.length < batch) break;
  }
  for (const id of expected.keys()) {
    if (!seen.has(id)) {
      problems.push({ seq: firstSeq.get(id) ?? null, auditId: id, reason: "the audit row was deleted" });
    }
  }
  if (problems.length > 0) {
    problems.sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER));
    return { ok: false, events: count, rows, firstBroken: problems[0]! };
  }
  return { ok: true, events: count, rows, firstBroken: null };
}
