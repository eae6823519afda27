import { queryOptions, useMutation, useMutationState, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { z } from "zod";
import type { EditInvitationInput } from "@/lib/schemas/invitation-edit";
import { unfinishedRenewalListSchema } from "@/lib/schemas/invitation-edit";
import { invitationSchema } from "@/lib/schemas/invitations";
import type { InvitationSource } from "@/lib/schemas/invitations";
import { apiFetch } from "./fetcher";
import { orgPath } from "./queries";
import { mutationKeys, queryKeys } from "./query-keys";

// Edit and renew of one pending invitation (PATCH /invitations/{id}, POST /invitations/{id}/renew) and the
// renews that stopped half-way (GET /invitations/renewals). Neither is optimistic: Atlas may refuse.

const grantsSchema = z.object({
  orgRoles: z.array(z.string()),
  teamIds: z.array(z.string()),
  projectRoles: z.array(z.object({ projectId: z.string(), roles: z.array(z.string()) })),
});
const editResponseSchema = z.object({
  invitation: invitationSchema,
  before: grantsSchema,
  after: grantsSchema,
});
const renewResponseSchema = z.object({ invitation: invitationSchema, finished: z.boolean() });

export const renewalsQuery = (orgId: string) =>
  queryOptions({
    queryKey: queryKeys.renewals(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/invitations/renewals`, { signal, schema: unfinishedRenewalListSchema }),
  });

function useInvalidateAfterChange(orgId: string) {
  const queryClient = useQueryClient();
  return () =>
    void Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.invitations(orgId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.renewals(orgId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.audit() }),
    ]);
}

export function useEditInvitation(orgId: string) {
  const onSettled = useInvalidateAfterChange(orgId);
  return useMutation({
    mutationKey: mutationKeys.editInvitation(orgId),
    mutationFn: ({ id, input }: { id: string; input: EditInvitationInput }) =>
      apiFetch(`${orgPath(orgId)}/invitations/${encodeURIComponent(id)}`, {
        method: "PATCH",
        body: input,
        schema: editResponseSchema,
      }),
    onSettled,
  });
}

export interface RenewVariables {
  /** The Atlas id of the invitation being renewed (or of the one a half-done renew cancelled). */
  id: string;
  source: InvitationSource;
}

/** Renew, and "Finish renew" of a half-done one: the same call. */
export function useRenewInvitation(orgId: string) {
  const onSettled = useInvalidateAfterChange(orgId);
  return useMutation({
    mutationKey: mutationKeys.renewInvitation(orgId),
    mutationFn: ({ id, source }: RenewVariables) =>
      apiFetch(`${orgPath(orgId)}/invitations/${encodeURIComponent(id)}/renew`, {
        method: "POST",
        body: { source },
        schema: renewResponseSchema,
      }),
    onSettled,
  });
}

/** Ids whose renew is in flight (each row shows its own pending state). */
export function usePendingRenewals(orgId: string): ReadonlySet<string> {
  const ids = useMutationState({
    filters: { mutationKey: mutationKeys.renewInvitation(orgId), status: "pending" },
    select: (m) => (m.state.variables as RenewVariables | undefined)?.id ?? "",
  });
  return useMemo(() => new Set(ids), [ids]);
}
