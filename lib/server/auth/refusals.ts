import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../db";
import { getDb } from "../db";
import { logger } from "../log";
import type { AuditActor } from "./audit";
import { auditAuthEvent } from "./audit";

// Refused requests (no session, a role that does not allow it) stay audited without letting anyone flood the
// log: per caller (address, and user when signed in) and minute, the first refusal writes its audit row at once; the others only add one
// to a counter (table refusal_tallies, one atomic upsert, so that parallel requests and several instances
// count right); and after the minute, one more row says how many there were. 300 anonymous requests in a
// minute are two audit rows, not 300.

const MINUTE_MS = 60_000;
/** Tallies are kept a day, then deleted (their audit rows stay). */
const KEEP_MS = 24 * 3600_000;

const minuteOf = (at: Date) => new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);

export interface RefusalEvent {
  /** e.g. "GET /api/users (users.read): no session" */
  detail: string;
}

/** Counts one refusal; writes the audit row when it is the first of its caller and minute. */
export async function auditRefusal(actor: AuditActor, event: RefusalEvent, now = new Date()): Promise<void> {
  try {
    const db = await getDb();
    const ip = actor.ip ?? "unknown";
    const userId = actor.userId ?? "";
    const minute = minuteOf(now);
    const { rows } = await db.execute<{ count: number }>(sql`
      insert into refusal_tallies (ip, user_id, minute, count) values (${ip}, ${userId}, ${minute}, 1)
      on conflict (ip, user_id, minute) do update set count = refusal_tallies.count + 1
      returning count`);
    if (Number(rows[0]?.count) !== 1) return;
    await auditAuthEvent(actor, { action: "request.refused", outcome: "refused", detail: event.detail });
    // The first refusal of a new caller-minute is rare by construction: the moment to sum up the minutes
    // that are over.
    await summariseRefusals(db, now);
  } catch (err) {
    // Counting a refusal must never turn it into a 500.
    logger.error({ err }, "could not count a refused request");
  }
}

/**
 * One audit row per finished caller-minute that had more than one refusal, saying how many. Each tally is
 * claimed by one UPDATE … RETURNING, so that two instances never both write it.
 */
export async function summariseRefusals(db: Db, now = new Date()): Promise<number> {
  const current = minuteOf(now);
  const { rows } = await db.execute<{
    ip: string;
    user_id: string;
    minute: string | Date;
    count: number;
  }>(sql`
    update refusal_tallies set summarised = true
    where minute < ${current} and not summarised and count > 1
    returning ip, user_id, minute, count`);
  for (const row of rows) {
    const from = new Date(row.minute).toISOString().slice(11, 16);
    await auditAuthEvent(
      { userId: row.user_id || null, email: null, ip: row.ip === "unknown" ? null : row.ip, userAgent: null },
      {
        action: "request.refused",
        outcome: "refused",
        detail: `${row.count} refused requests from this caller in the minute from ${from} UTC (the first one is audited on its own)`,
      },
    );
  }
  await db.execute(sql`delete from refusal_tallies where minute < ${new Date(now.getTime() - KEEP_MS)}`);
  return rows.length;
}
