import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CreateAtlasUserInput } from "@/lib/schemas/atlas-users";
import { createdAtlasUserSchema } from "@/lib/schemas/atlas-users";
import { apiFetch } from "./fetcher";
import { orgPath } from "./queries";
import { queryKeys } from "./query-keys";

// Apart from ./mutations: its schema brings the phone-number metadata and the country list, which only the
// Create Atlas account dialog (loaded on demand) needs.

/** A new Atlas account (Atlas's deprecated createUser); not optimistic, never retried by the client. */
export function useCreateAtlasUser(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAtlasUserInput) =>
      apiFetch(`${orgPath(orgId)}/atlas-users`, {
        method: "POST",
        body: input,
        schema: createdAtlasUserSchema,
      }),
    onSettled: () =>
      void Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.invitations(orgId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.audit() }),
      ]),
  });
}
