import { useMutation } from "@tanstack/react-query";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { useInvalidate } from "../invalidate";
import { invitationKeys } from "../invitations/keys";
import { orgPath } from "../paths";

export interface DecideVariables {
  id: string;
  verb: "approve" | "deny";
  reason: string;
}

/**
 * Approve or deny one request (not optimistic: an approval calls Atlas). The queue, the pending list (an
 * approval invites) and the audit log refresh after.
 */
export function useDecideApproval(orgId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, verb, reason }: DecideVariables) =>
      apiFetch(`${orgPath(orgId)}/approvals/${encodeURIComponent(id)}/${verb}`, {
        method: "POST",
        body: { reason },
        schema: answer("decisionResponseSchema"),
      }),
    onSettled: () => invalidate(invitationKeys.list(orgId), auditKeys.all()),
  });
}
