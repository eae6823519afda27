import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { BulkActionInput } from "@/lib/schemas/bulk";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { useInvalidate } from "../invalidate";
import { invitationKeys } from "../invitations/keys";
import { orgPath } from "../paths";
import { bulkKeys, bulkMutationKeys } from "./keys";

export interface StartBulkActionVariables {
  input: BulkActionInput;
  /** lib/api-client/invitations/mutations.ts newIdempotencyKey, one per confirm. */
  idempotencyKey: string;
}

/**
 * Plans and starts a bulk action over selected invitations in one call (components/invitations/
 * bulk-action-dialog.tsx); the answer is the started run. Not optimistic: the job decides per row.
 */
export function useStartBulkAction(orgId: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationKey: [...bulkMutationKeys.plan(orgId), "actions"],
    mutationFn: ({ input, idempotencyKey }: StartBulkActionVariables) =>
      apiFetch(`${orgPath(orgId)}/bulk/actions`, {
        method: "POST",
        body: input,
        headers: { "Idempotency-Key": idempotencyKey },
        schema: answer("bulkRunResponseSchema"),
      }),
    // The run page opens on the answer, without a second request.
    onSuccess: ({ run }) => queryClient.setQueryData(bulkKeys.run(orgId, run.id), { run }),
    // The job changes the invitations row by row after this answer: their lists are only marked stale (read
    // again when next shown), so that the dialog does not wait for a 10,000-row list before the run page opens.
    onSettled: () =>
      invalidate(bulkKeys.runs(orgId), auditKeys.all(), {
        queryKey: invitationKeys.list(orgId),
        refetchType: "none",
      }),
  });
}
