import "server-only";
import type { LedgerSync } from "@/lib/schemas/ledger";
import type { Db } from "../db";
import { env } from "../env";
import { syncState } from "./sync";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The org's sync state as the API answers it. */
export async function ledgerSyncAnswer(db: Db, orgId: string): Promise<LedgerSync> {
  const s = await syncState(db, orgId);
  return {
    lastStartedAt: iso(s?.lastStartedAt),
    lastFinishedAt: iso(s?.lastFinishedAt),
    lastOkAt: iso(s?.lastOkAt),
    lastError: s?.lastError ?? null,
    counts: s?.counts ?? null,
    intervalMinutes: env().LEDGER_SYNC_MINUTES,
  };
}
