import { useMutation } from "@tanstack/react-query";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
import { useInvalidate } from "../invalidate";
import { accountKeys } from "./keys";

export function useEndSession() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (sessionId: string) =>
      apiFetch(`/api/account/sessions/${encodeURIComponent(sessionId)}`, { method: "DELETE" }),
    onSettled: () => invalidate(accountKeys.all(), auditKeys.all()),
  });
}
