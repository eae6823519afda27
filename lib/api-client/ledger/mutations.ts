import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { InviteInput } from "@/lib/schemas/invitations";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { orgPath } from "../paths";
import { useInvalidate } from "../invalidate";
import { invitationKeys } from "../invitations/keys";
import { ledgerKeys, ledgerMutationKeys } from "./keys";

export interface ReinviteVariables {
  ledgerId: string;
  input: InviteInput;
  idempotencyKey: string;
}

/** Not optimistic (Atlas may refuse); the tabs, the pending list, timelines and the audit log refresh after. */
export function useReinvite(orgId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationKey: ledgerMutationKeys.reinvite(orgId),
    mutationFn: ({ ledgerId, input, idempotencyKey }: ReinviteVariables) =>
      apiFetch(`${orgPath(orgId)}/ledger/${encodeURIComponent(ledgerId)}/reinvite`, {
        method: "POST",
        body: input,
        headers: { "Idempotency-Key": idempotencyKey },
        schema: answer("reinviteResponseSchema"),
      }),
    onSettled: () => invalidate(invitationKeys.list(orgId), auditKeys.all()),
  });
}

/**
 * Sync now (inviters and admins; at most one sync of an org per 30 s on the server, refused with
 * Retry-After). The answer is the new status; the list, the tabs and their counts refresh after.
 */
export function useSyncLedgerNow(orgId: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationKey: ledgerMutationKeys.sync(orgId),
    mutationFn: () =>
      apiFetch(`${orgPath(orgId)}/ledger/sync`, { method: "POST", schema: answer("ledgerSyncStatusSchema") }),
    onSuccess: (status) => queryClient.setQueryData(ledgerKeys.sync(orgId), status),
    onSettled: () => invalidate(invitationKeys.list(orgId)),
  });
}
