import { useMutation } from "@tanstack/react-query";
import type {
  CreateProvisioningTokenInput,
  DeprovisionMode,
  PutGroupMapInput,
} from "@/lib/schemas/provisioning";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { useInvalidate } from "../invalidate";
import { orgKeys } from "../orgs/keys";
import { orgPath } from "../paths";
import { provisioningKeys } from "./keys";

const base = (orgId: string) => `${orgPath(orgId)}/provisioning`;

/** Every change writes an audit row; removing a leaver also changes the org's members. */
function useChanged(orgId: string) {
  const invalidate = useInvalidate();
  return () => invalidate(provisioningKeys.page(orgId), auditKeys.all());
}

/** Answers the secret once; the caller keeps it only while it is shown. */
export function useCreateProvisioningToken(orgId: string) {
  const changed = useChanged(orgId);
  return useMutation({
    mutationFn: (input: CreateProvisioningTokenInput) =>
      apiFetch(`${base(orgId)}/tokens`, {
        method: "POST",
        body: input,
        schema: answer("createdProvisioningTokenSchema"),
      }),
    onSettled: changed,
  });
}

export function useRevokeProvisioningToken(orgId: string) {
  const changed = useChanged(orgId);
  return useMutation({
    mutationFn: (tokenId: string) =>
      apiFetch(`${base(orgId)}/tokens/${encodeURIComponent(tokenId)}`, {
        method: "DELETE",
        schema: answer("revokedProvisioningTokenSchema"),
      }),
    onSettled: changed,
  });
}

export function useUpdateProvisioningSettings(orgId: string) {
  const changed = useChanged(orgId);
  return useMutation({
    mutationFn: (deprovision: DeprovisionMode) =>
      apiFetch(`${base(orgId)}/settings`, {
        method: "PUT",
        body: { deprovision },
        schema: answer("provisioningSettingsResponseSchema"),
      }),
    onSettled: changed,
  });
}

export function usePutGroupMap(orgId: string) {
  const changed = useChanged(orgId);
  return useMutation({
    mutationFn: (input: PutGroupMapInput) =>
      apiFetch(`${base(orgId)}/group-maps`, {
        method: "PUT",
        body: input,
        schema: answer("groupMapResponseSchema"),
      }),
    onSettled: changed,
  });
}

export function useDeleteGroupMap(orgId: string) {
  const changed = useChanged(orgId);
  return useMutation({
    mutationFn: (groupName: string) =>
      apiFetch<undefined>(`${base(orgId)}/group-maps`, { method: "DELETE", body: { groupName } }),
    onSettled: changed,
  });
}

/** Removes from the org a member who left the directory (an admin's decision). */
export function useRemoveLeaver(orgId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (scimUserId: string) =>
      apiFetch(`${base(orgId)}/leavers/${encodeURIComponent(scimUserId)}/remove`, {
        method: "POST",
        schema: answer("removedLeaverSchema"),
      }),
    // The member list and the ledger change with the org's members (the page is under the org's prefix too).
    onSettled: () => invalidate(orgKeys.detail(orgId), auditKeys.all()),
  });
}
