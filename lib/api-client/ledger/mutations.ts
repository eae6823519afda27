import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { InviteInput } from "@/lib/schemas/invitations";
import { reinviteResponseSchema } from "@/lib/schemas/ledger-api";
import { ledgerSyncStatusSchema } from "@/lib/schemas/ledger-sync";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
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
        schema: reinviteResponseSchema,
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
      apiFetch(`${orgPath(orgId)}/ledger/sync`, { method: "POST", schema: ledgerSyncStatusSchema }),
    onSuccess: (status) => queryClient.setQueryData(ledgerKeys.sync(orgId), status),
    onSettled: () => invalidate(invitationKeys.list(orgId)),
  });
}
