import { z } from "zod";
import { LEDGER_STATUSES } from "./ledger";

/** The outcomes of one run of the invitation ledger's sync (lib/server/ledger/sync.ts). */
const LEDGER_SYNC_OUTCOMES = ["done", "paused", "rate_limited", "failed"] as const;

const ledgerSyncCountsSchema = z.object({
  atlasCalls: z.number(),
  pendingSeen: z.number(),
  discovered: z.number(),
  accepted: z.number(),
  expired: z.number(),
  rejected: z.number(),
  cancelledInAtlas: z.number(),
});

/** GET and POST /api/orgs/{orgId}/ledger/sync. */
export const ledgerSyncStatusSchema = z.object({
  orgId: z.string(),
  /** The server's clock when it answered: ages ("synced 3 min ago") are measured on it, not the browser's. */
  now: z.string(),
  /** Minutes between scheduled syncs; 0: not scheduled (sync now only). */
  intervalMinutes: z.number(),
  /** Seconds, from `now`, before "Sync now" may start another sync of this org (0: now). */
  syncNowWaitSeconds: z.number(),
  state: z
    .object({
      connectionId: z.string().nullable(),
      runs: z.number(),
      lastStartedAt: z.string().nullable(),
      lastFinishedAt: z.string().nullable(),
      lastSuccessAt: z.string().nullable(),
      lastError: z.string().nullable(),
      retryAfterAt: z.string().nullable(),
      lastCounts: ledgerSyncCountsSchema.nullable(),
      lowestRateLimitRemaining: z.number().nullable(),
    })
    .nullable(),
  /** Rows of the org's ledger per status. */
  ledger: z.record(z.enum(LEDGER_STATUSES), z.number()),
  /** POST only: how the run just made ended. */
  run: z
    .object({
      outcome: z.enum(LEDGER_SYNC_OUTCOMES),
      counts: ledgerSyncCountsSchema,
      error: z.string().nullable(),
      retryAfterSeconds: z.number().nullable(),
    })
    .optional(),
});
export type LedgerSyncStatus = z.infer<typeof ledgerSyncStatusSchema>;
