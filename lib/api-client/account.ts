import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { accountSessionListSchema } from "@/lib/schemas/account";
import { apiFetch } from "./fetcher";
import { queryKeys } from "./query-keys";

// The Account page's own sessions. Password and second-factor changes go to better-auth's endpoints
// (components/auth/auth-fetch.ts); they invalidate queryKeys.account() because they can end sessions.

export const accountSessionsQuery = () =>
  queryOptions({
    queryKey: queryKeys.accountSessions(),
    queryFn: ({ signal }) => apiFetch("/api/account/sessions", { signal, schema: accountSessionListSchema }),
  });

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) =>
      apiFetch(`/api/account/sessions/${encodeURIComponent(sessionId)}`, { method: "DELETE" }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.account() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.audit() }),
      ]),
  });
}
