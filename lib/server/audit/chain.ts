import "server-only";
import { createHash } from "node:crypto";
import { desc, sql } from "drizzle-orm";
import type { Db } from "../db";
import { auditEvents } from "../db/schema";

// The hash chain: every event's hash covers the previous event's hash, its audit id, kind and data, so
// changing, removing or reordering any event breaks every link after it. Writers serialize on one advisory
// lock inside their transaction, so concurrent requests (and several PostgreSQL instances) keep one chain.

export const GENESIS = "0".repeat(64);
const CHAIN_LOCK = 7_420_312;

export type EventKind = "intent" | "completion" | "record";

/** JSON with sorted keys, so that the same data always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function eventHash(prevHash: string, auditId: string, kind: EventKind, data: string): string {
  return createHash("sha256").update(`${prevHash}\n${auditId}\n${kind}\n${data}`).digest("hex");
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Appends one event; call inside a transaction (the lock is released at commit). */
export async function appendEvent(tx: Tx, auditId: string, kind: EventKind, data: unknown): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const prevHash = last?.hash ?? GENESIS;
  const text = canonicalJson(data);
  await tx
    .insert(auditEvents)
    .values({ auditId, kind, data: text, prevHash, hash: eventHash(prevHash, auditId, kind, text) });
}
