import { useMutation } from "@tanstack/react-query";
import type { CreateAtlasUserInput } from "@/lib/schemas/atlas-users";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { orgPath } from "../paths";
import { useInvalidate } from "../invalidate";
import { invitationKeys } from "../invitations/keys";

// Apart from ../invitations: its schema brings the phone-number metadata and the country list, which only the
// Create Atlas account dialog (loaded on demand) needs.

/** A new Atlas account (Atlas's deprecated createUser); not optimistic, never retried by the client. */
export function useCreateAtlasUser(orgId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: CreateAtlasUserInput) =>
      apiFetch(`${orgPath(orgId)}/atlas-users`, {
        method: "POST",
        body: input,
        schema: answer("createdAtlasUserSchema"),
      }),
    onSettled: () => invalidate(invitationKeys.list(orgId), auditKeys.all()),
  });
}
