import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { InviteInput } from "@/lib/schemas/invitations";
import type { LedgerTab } from "@/lib/schemas/ledger";
import {
  ledgerCountsResponseSchema,
  ledgerListSchema,
  personTimelineSchema,
  reinviteResponseSchema,
} from "@/lib/schemas/ledger-api";
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
