"use client";

import { useEffect, useState } from "react";
import { usePermission } from "@/components/auth/session-context";
import { Button } from "@/components/ui/button";
import { DisabledReason } from "@/components/ui/disabled-reason";
import { useNow } from "@/components/ui/use-now";
import { useLedgerSyncStatus } from "@/lib/api-client/ledger/queries";
import { useSyncLedgerNow } from "@/lib/api-client/ledger/mutations";
import { isRateLimited } from "@/lib/api-client/errors";
import { formatWait } from "@/lib/format";
import { lastSyncProblem, syncedText, syncNowAllowedAt, type ReceivedStatus } from "./ledger-sync-model";

/**
 * Milliseconds left until `until`, ticking each second while a wait is ahead. `since` is when the wait was
 * learned (the answer's arrival): the ticking clock may have stood still since long before that.
 */
function useCountdown(until: number, since: number): number {
  const [tick, setTick] = useState(() => Date.now());
  const now = Math.max(tick, since);
  const waiting = until > now;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waiting]);
  return Math.max(0, until - now);
}

/** A rate limit's Retry-After as the fetcher pinned it (lib/api-client/errors.ts): when it ends and when it came. */
function refusalOf(e: unknown): { until: number; at: number } | undefined {
  if (typeof e !== "object" || e === null || !isRateLimited((e as { code?: unknown }).code)) return;
  const { retryAt, retryAfter } = e as { retryAt?: unknown; retryAfter?: unknown };
  if (typeof retryAt !== "number") return;
  return { until: retryAt, at: retryAt - (typeof retryAfter === "number" ? retryAfter * 1000 : 0) };
}

/**
 * Beside the tabs: when the ledger last synced with Atlas ("Synced 3 min ago", from the server) and "Sync
 * now". Viewers see why they cannot sync, as text; a sync the server refuses as too soon counts down to its
 * Retry-After. `pollMs` while a catch-up sync is awaited (components/invitations/ledger-sync-model.ts).
 */
export function LedgerSyncBar({ orgId, pollMs }: { orgId: string; pollMs: number | false }) {
  const permission = usePermission("ledger.sync");
  const status = useLedgerSyncStatus(orgId, pollMs);
  const sync = useSyncLedgerNow(orgId);
  // The minute clock of every relative date on the page: "Synced 3 min ago" moves with them.
  const minuteNow = useNow();
  const received: ReceivedStatus | undefined = status.data
    ? { status: status.data, receivedAt: status.dataUpdatedAt }
    : undefined;
  const refused = refusalOf(sync.error);
  const left = useCountdown(
    syncNowAllowedAt(received, refused?.until),
    Math.max(received?.receivedAt ?? 0, refused?.at ?? 0),
  );
  const problem = received ? lastSyncProblem(received.status) : null;
  const failed = sync.error && !refused ? sync.error.message : null;

  return (
    <div className="flex flex-col items-start gap-0.5 text-xs text-muted sm:items-end">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span role="status" data-testid="ledger-synced">
          {received ? syncedText(received, Math.max(minuteNow, received.receivedAt)) : "\u00a0"}
        </span>
        <Button
          size="sm"
          variant="ghost"
          className="h-7 px-2 text-xs"
          onClick={() => sync.mutate()}
          pending={sync.isPending}
          disabled={!permission.allowed || left > 0}
          aria-describedby={permission.reason ? "sync-now-refused" : undefined}
        >
          {left > 0 && permission.allowed ? `Sync now in ${formatWait(left)}` : "Sync now"}
        </Button>
      </div>
      <DisabledReason id="sync-now-refused" reason={permission.reason} className="max-w-80 sm:text-right" />
      {problem || failed ? (
        <p role="alert" className="max-w-80 rounded bg-warn-soft px-2 py-0.5 text-on-warn-soft sm:text-right">
          {failed ? `Sync now failed: ${failed}` : `The last sync stopped early: ${problem}`}
        </p>
      ) : null}
    </div>
  );
}
