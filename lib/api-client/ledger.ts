import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { InviteInput } from "@/lib/schemas/invitations";
import type { LedgerTab } from "@/lib/schemas/ledger";
import {
  ledgerCountsResponseSchema,
  ledgerListSchema,
  personTimelineSchema,
  reinviteResponseSchema,
} from "@/lib/schemas/ledger-api";
import { ledgerSyncStatusSchema } from "@/lib/schemas/ledger-sync";
import { apiFetch } from "./fetcher";
import { orgPath } from "./queries";
import { mutationKeys, queryKeys } from "./query-keys";

// The invitations page's tabs other than Pending, a person's timeline, and re-invite: all read from or
// written to the console's own ledger (lib/server/ledger).

export const ledgerTabQuery = (orgId: string, tab: LedgerTab) =>
  queryOptions({
    queryKey: queryKeys.ledgerTab(orgId, tab),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/ledger?status=${tab}`, { signal, schema: ledgerListSchema }),
  });

export const ledgerCountsQuery = (orgId: string) =>
  queryOptions({
    queryKey: queryKeys.ledgerCounts(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/ledger/counts`, { signal, schema: ledgerCountsResponseSchema }),
  });

export const personTimelineQuery = (orgId: string, email: string) =>
  queryOptions({
    queryKey: queryKeys.personTimeline(orgId, email),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/people/${encodeURIComponent(email)}/timeline`, {
        signal,
        schema: personTimelineSchema,
      }),
  });

export interface ReinviteVariables {
  ledgerId: string;
  input: InviteInput;
  idempotencyKey: string;
}

/** Not optimistic (Atlas may refuse); the tabs, the pending list, timelines and the audit log refresh after. */
export function useReinvite(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: mutationKeys.reinvite(orgId),
    mutationFn: ({ ledgerId, input, idempotencyKey }: ReinviteVariables) =>
      apiFetch(`${orgPath(orgId)}/ledger/${encodeURIComponent(ledgerId)}/reinvite`, {
        method: "POST",
        body: input,
        headers: { "Idempotency-Key": idempotencyKey },
        schema: reinviteResponseSchema,
      }),
    onSettled: () =>
      void Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.invitations(orgId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.audit() }),
      ]),
  });
}

export const ledgerSyncStatusQuery = (orgId: string) =>
  queryOptions({
    queryKey: queryKeys.ledgerSync(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/ledger/sync`, { signal, schema: ledgerSyncStatusSchema }),
  });

/** The tabs and their counts, not the sync status itself (refreshing it is what noticed the change). */
const ledgerViews = (orgId: string) => ({
  queryKey: queryKeys.ledger(orgId),
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
      void queryClient.invalidateQueries(ledgerViews(orgId));
    }
  }, [finished, orgId, queryClient]);
  return query;
}

/**
 * Sync now (inviters and admins; at most one sync of an org per 30 s on the server, refused with
 * Retry-After). The answer is the new status; the list, the tabs and their counts refresh after.
 */
export function useSyncLedgerNow(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: mutationKeys.syncLedger(orgId),
    mutationFn: () =>
      apiFetch(`${orgPath(orgId)}/ledger/sync`, { method: "POST", schema: ledgerSyncStatusSchema }),
    onSuccess: (status) => queryClient.setQueryData(queryKeys.ledgerSync(orgId), status),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.invitations(orgId) }),
  });
}
