import { useMutation } from "@tanstack/react-query";
import type { PolicyFormValues } from "@/lib/schemas/policy";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { useInvalidate } from "../invalidate";
import { orgPath } from "../paths";
import { policyKeys } from "./keys";

/** Replaces the org's guardrails; the policy and the audit log refresh after. */
export function useSavePolicy(orgId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: PolicyFormValues) =>
      apiFetch(`${orgPath(orgId)}/policy`, {
        method: "PUT",
        body: input,
        schema: answer("policyResponseSchema"),
      }),
    onSettled: () => invalidate(policyKeys.detail(orgId), auditKeys.all()),
  });
}
