import { useMutation } from "@tanstack/react-query";
import type { MigrateInput } from "@/lib/schemas/sunset";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { orgPath } from "../paths";
import { useInvalidate } from "../invalidate";
import { invitationKeys } from "../invitations/keys";
import { sunsetKeys, sunsetMutationKeys } from "./keys";

export function useMigrateLegacy(orgId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationKey: sunsetMutationKeys.migrate(orgId),
    mutationFn: (input: MigrateInput) =>
      apiFetch(`${orgPath(orgId)}/sunset/migrate`, {
        method: "POST",
        body: input,
        schema: answer("migrateResponseSchema"),
      }),
    onSettled: () => invalidate(sunsetKeys.readiness(orgId), invitationKeys.list(orgId), auditKeys.all()),
  });
}
