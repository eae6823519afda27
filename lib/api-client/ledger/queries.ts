import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { LedgerTab } from "@/lib/schemas/ledger";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { invalidate } from "../invalidate";
import { orgPath } from "../paths";
import { ledgerKeys } from "./keys";

// The invitations page's tabs other than Pending, a person's timeline and the sync status: all read from the
// console's own ledger (lib/server/ledger).

export const ledgerTabQuery = (orgId: string, tab: LedgerTab) =>
  queryOptions({
    queryKey: ledgerKeys.tab(orgId, tab),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/ledger?status=${tab}`, { signal, schema: answer("ledgerListSchema") }),
  });

export const ledgerCountsQuery = (orgId: string) =>
  queryOptions({
    queryKey: ledgerKeys.counts(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/ledger/counts`, { signal, schema: answer("ledgerCountsResponseSchema") }),
  });

export const personTimelineQuery = (orgId: string, email: string) =>
  queryOptions({
    queryKey: ledgerKeys.personTimeline(orgId, email),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/people/${encodeURIComponent(email)}/timeline`, {
        signal,
        schema: answer("personTimelineSchema"),
      }),
  });

export const ledgerSyncStatusQuery = (orgId: string) =>
  queryOptions({
    queryKey: ledgerKeys.sync(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/ledger/sync`, { signal, schema: answer("ledgerSyncStatusSchema") }),
  });

/** The tabs and their counts, not the sync status itself (refreshing it is what noticed the change). */
const ledgerViews = (orgId: string) => ({
  queryKey: ledgerKeys.all(orgId),
  predicate: (q: { queryKey: readonly unknown[] }) => q.queryKey[4] !== "sync",
});

/**
 * The org's sync status ("Synced 3 min ago"), asked for every `pollMs` while the page awaits a catch-up
 * sync (components/invitations/ledger-sync-model.ts). When a sync has finished since the last answer,
 * whoever started it, the ledger tabs and their counts are refreshed.
 */
export function useLedgerSyncStatus(orgId: string, pollMs: number | false) {
  const queryClient = useQueryClient();
  const query = useQuery({ ...ledgerSyncStatusQuery(orgId), refetchInterval: pollMs });
  const finished = query.data ? (query.data.state?.lastFinishedAt ?? null) : undefined;
  const seen = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (finished === undefined) return;
    const before = seen.current;
    seen.current = finished;
    if (before !== undefined && before !== finished) {
      void invalidate(queryClient, ledgerViews(orgId));
    }
  }, [finished, orgId, queryClient]);
  return query;
}
