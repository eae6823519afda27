import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { BulkImportInput } from "@/lib/schemas/bulk";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { useInvalidate } from "../invalidate";
import { invitationKeys } from "../invitations/keys";
import { orgPath } from "../paths";
import { bulkKeys, bulkMutationKeys } from "./keys";
import { bulkRunPath } from "./queries";

/** Plans an import (the dry run: nothing is sent); the answer is the planned run. */
export function usePlanBulkImport(orgId: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationKey: bulkMutationKeys.plan(orgId),
    mutationFn: (input: BulkImportInput) =>
      apiFetch(`${orgPath(orgId)}/bulk`, {
        method: "POST",
        body: input,
        schema: answer("bulkRunResponseSchema"),
      }),
    // The run page opens on the answer, without a second request.
    onSuccess: ({ run }) => queryClient.setQueryData(bulkKeys.run(orgId, run.id), { run }),
    onSettled: () => invalidate(bulkKeys.runs(orgId), auditKeys.all()),
  });
}

export type BulkRunCommand = "start" | "pause" | "resume" | "cancel" | "retry";

/**
 * Start, pause, resume, cancel or retry a run (no body). The answer is the run as it now stands; for `retry`
 * it is the NEW run of the failed rows (linked by parentRunId). Not optimistic: the job decides.
 */
export function useBulkRunCommand(orgId: string, runId: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationKey: bulkMutationKeys.command(orgId, runId),
    mutationFn: (command: BulkRunCommand) =>
      apiFetch(`${bulkRunPath(orgId, runId)}/${command}`, {
        method: "POST",
        schema: answer("bulkRunResponseSchema"),
      }),
    onSuccess: ({ run }) => queryClient.setQueryData(bulkKeys.run(orgId, run.id), { run }),
    onSettled: () =>
      invalidate(
        bulkKeys.run(orgId, runId),
        bulkKeys.runs(orgId),
        invitationKeys.list(orgId),
        auditKeys.all(),
      ),
  });
}
