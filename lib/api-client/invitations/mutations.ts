import { useMutation, useMutationState, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import type { EditInvitationInput } from "@/lib/schemas/invitation-edit";
import type { CancelInput, Invitation, InvitationSource, InviteInput } from "@/lib/schemas/invitations";
import { auditKeys } from "../audit/keys";
import { ApiError } from "../errors";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { orgPath } from "../paths";
import { invalidate, useInvalidate } from "../invalidate";
import { invitationKeys, invitationMutationKeys } from "./keys";
import { invitationsQuery } from "./queries";

const invitationPath = (orgId: string, id: string) =>
  `${orgPath(orgId)}/invitations/${encodeURIComponent(id)}`;

/** 32 hex characters: matches the server's [A-Za-z0-9_-]{8,100}, and works outside secure contexts too. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export interface InviteVariables {
  input: InviteInput;
  /** One per submit attempt, so a replayed request (double click, proxy retry) creates nothing twice. */
  idempotencyKey: string;
}

/** Not optimistic: Atlas assigns the ids and may refuse any address. */
export function useInvite(orgId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationKey: invitationMutationKeys.invite(orgId),
    mutationFn: ({ input, idempotencyKey }: InviteVariables) =>
      apiFetch(`${orgPath(orgId)}/invitations`, {
        method: "POST",
        body: input,
        headers: { "Idempotency-Key": idempotencyKey },
        schema: answer("inviteResponseSchema"),
      }),
    // Also after an error: an unknown outcome or a partial batch may still have created invitations.
    onSettled: () => invalidate(invitationKeys.list(orgId), auditKeys.all()),
  });
}

const sameInvitation = (a: Invitation) => (b: Invitation) => a.id === b.id && a.source === b.source;

function cancelBody(invitation: Invitation): CancelInput {
  return {
    source: invitation.source,
    ...(invitation.source === "project" ? { projectId: invitation.projectRoles[0]?.projectId } : {}),
  };
}

/**
 * The server's answer when the list was out of date (the invitation was accepted, cancelled or changed
 * meanwhile): nothing left to do. Any other 404/409 is a real refusal.
 */
export function isStaleList(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === "stale_list";
}

/** Optimistic: the row leaves the list at once and comes back at its place if the server refuses. */
export function useCancelInvitation(orgId: string) {
  const queryClient = useQueryClient();
  const { queryKey } = invitationsQuery(orgId);
  return useMutation({
    mutationKey: invitationMutationKeys.cancel(orgId),
    mutationFn: (invitation: Invitation) =>
      apiFetch<undefined>(invitationPath(orgId, invitation.id), {
        method: "DELETE",
        body: cancelBody(invitation),
      }),
    onMutate: async (invitation) => {
      await queryClient.cancelQueries({ queryKey });
      let removedAt = -1;
      queryClient.setQueryData(queryKey, (old) => {
        if (!old) return old;
        removedAt = old.invitations.findIndex(sameInvitation(invitation));
        if (removedAt < 0) return old;
        return { ...old, invitations: old.invitations.filter((_, i) => i !== removedAt) };
      });
      return { removedAt };
    },
    onError: (error, invitation, context) => {
      // Accepted or cancelled meanwhile: it stays out of the list, and the refetch below confirms it.
      if (isStaleList(error) || context === undefined || context.removedAt < 0) return;
      // Put back only this row (not a whole snapshot) so that concurrent cancels keep their own state.
      queryClient.setQueryData(queryKey, (old) => {
        if (!old || old.invitations.some(sameInvitation(invitation))) return old;
        const invitations = old.invitations.slice();
        invitations.splice(Math.min(context.removedAt, invitations.length), 0, invitation);
        return { ...old, invitations };
      });
    },
    onSettled: () => invalidate(queryClient, invitationKeys.list(orgId), auditKeys.all()),
  });
}

/** Ids of the invitations of this org whose cancel is in flight (each row shows its own pending state). */
export function usePendingCancellations(orgId: string): ReadonlySet<string> {
  const ids = useMutationState({
    filters: { mutationKey: invitationMutationKeys.cancel(orgId), status: "pending" },
    select: (mutation) => (mutation.state.variables as Invitation | undefined)?.id ?? "",
  });
  return useMemo(() => new Set(ids), [ids]);
}

// Edit and renew of one pending invitation (PATCH /invitations/{id}, POST /invitations/{id}/renew). Neither is
// optimistic: Atlas may refuse. Both refresh the list, the unfinished renews and the audit log.

export function useEditInvitation(orgId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationKey: invitationMutationKeys.edit(orgId),
    mutationFn: ({ id, input }: { id: string; input: EditInvitationInput }) =>
      apiFetch(invitationPath(orgId, id), {
        method: "PATCH",
        body: input,
        schema: answer("editInvitationResponseSchema"),
      }),
    onSettled: () => invalidate(invitationKeys.list(orgId), invitationKeys.renewals(orgId), auditKeys.all()),
  });
}

export interface RenewVariables {
  /** The Atlas id of the invitation being renewed (or of the one a half-done renew cancelled). */
  id: string;
  source: InvitationSource;
}

/** Renew, and "Finish renew" of a half-done one: the same call. */
export function useRenewInvitation(orgId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationKey: invitationMutationKeys.renew(orgId),
    mutationFn: ({ id, source }: RenewVariables) =>
      apiFetch(`${invitationPath(orgId, id)}/renew`, {
        method: "POST",
        body: { source },
        schema: answer("renewInvitationResponseSchema"),
      }),
    onSettled: () => invalidate(invitationKeys.list(orgId), invitationKeys.renewals(orgId), auditKeys.all()),
  });
}

/** Ids whose renew is in flight (each row shows its own pending state). */
export function usePendingRenewals(orgId: string): ReadonlySet<string> {
  const ids = useMutationState({
    filters: { mutationKey: invitationMutationKeys.renew(orgId), status: "pending" },
    select: (m) => (m.state.variables as RenewVariables | undefined)?.id ?? "",
  });
  return useMemo(() => new Set(ids), [ids]);
}
