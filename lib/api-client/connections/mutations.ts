import { useMutation } from "@tanstack/react-query";
import type { CreateConnectionInput, UpdateConnectionInput } from "@/lib/schemas/connections";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { orgPath } from "../paths";
import { useInvalidate } from "../invalidate";
import { orgKeys } from "../orgs/keys";
import { connectionKeys, connectionMutationKeys } from "./keys";

const path = (id: string) => `/api/connections/${encodeURIComponent(id)}`;

/** A change of connections changes which orgs the switcher offers, and writes an audit row: all three lists. */
const changed = [connectionKeys.all(), orgKeys.all(), auditKeys.all()] as const;

export function useCreateConnection() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: CreateConnectionInput) =>
      apiFetch("/api/connections", {
        method: "POST",
        body: input,
        schema: answer("connectionCreatedSchema"),
      }),
    onSettled: () => invalidate(...changed),
  });
}

export function useUpdateConnection(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: UpdateConnectionInput) =>
      apiFetch(path(id), { method: "PATCH", body: input, schema: answer("connectionResponseSchema") }),
    onSettled: () => invalidate(...changed),
  });
}

export function useRotateSecret(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (clientSecret: string) =>
      apiFetch(`${path(id)}/rotate`, {
        method: "POST",
        body: { clientSecret },
        schema: answer("connectionResponseSchema"),
      }),
    onSettled: () => invalidate(...changed),
  });
}

export function useDeleteConnection(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => apiFetch<undefined>(path(id), { method: "DELETE" }),
    onSettled: () => invalidate(...changed),
  });
}

export function useTestConnection(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationKey: connectionMutationKeys.test(id),
    mutationFn: () =>
      apiFetch(`${path(id)}/test`, { method: "POST", schema: answer("connectionTestResponseSchema") }),
    onSettled: () => invalidate(...changed),
  });
}

/** An admin chooses the connection that serves an org: the org list and everything read through it change. */
export function useSetOrgRoute(orgId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (connectionId: string) =>
      apiFetch(`${orgPath(orgId)}/route`, {
        method: "POST",
        body: { connectionId },
        schema: answer("orgRouteResponseSchema"),
      }),
    onSettled: () => invalidate(...changed, orgKeys.detail(orgId)),
  });
}
