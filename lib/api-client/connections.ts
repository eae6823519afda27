import { queryOptions, useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import {
  connectionCreatedSchema,
  connectionListSchema,
  connectionResponseSchema,
  connectionTestResponseSchema,
  orgRouteResponseSchema,
} from "@/lib/schemas/connections";
import type { OrgList } from "@/lib/schemas/connections";
import { ledgerSyncStatusSchema } from "@/lib/schemas/ledger-sync";
import type { CreateConnectionInput, UpdateConnectionInput } from "@/lib/schemas/connections";
import { apiFetch } from "./fetcher";
import { queryKeys } from "./query-keys";

const path = (id: string) => `/api/connections/${encodeURIComponent(id)}`;

export const connectionsQuery = () =>
  queryOptions({
    queryKey: queryKeys.connections(),
    queryFn: ({ signal }) => apiFetch("/api/connections", { signal, schema: connectionListSchema }),
  });

/**
 * An org's invitation sync (GET /api/orgs/{orgId}/ledger/sync): which connection it last ran through and when it
 * last succeeded. The Connections page reads it to say when a connection last worked, tested or not.
 */
export const orgSyncStatusQuery = (orgId: string) =>
  queryOptions({
    queryKey: [...queryKeys.org(orgId), "ledger-sync"] as const,
    queryFn: ({ signal }) =>
      apiFetch(`/api/orgs/${encodeURIComponent(orgId)}/ledger/sync`, {
        signal,
        schema: ledgerSyncStatusSchema,
      }),
  });

export interface ConnectionLastUse {
  /** ISO time of the latest successful Atlas work through the connection. */
  at: string;
  orgName: string;
}

/**
 * When the connection last did real work in Atlas: the latest successful invitation sync it ran for an org it
 * serves (lib/server/ledger/sync.ts records the connection and the time). A connection nobody tested by hand
 * but that serves an org every few minutes is working, and its card says so.
 */
export function useConnectionLastUse(
  connectionId: string,
  orgList: OrgList | undefined,
): ConnectionLastUse | null {
  const served = (orgList?.orgs ?? []).filter((o) => o.connectionId === connectionId);
  const results = useQueries({
    queries: served.map((o) => ({ ...orgSyncStatusQuery(o.id), staleTime: 60_000 })),
  });
  let best: ConnectionLastUse | null = null;
  results.forEach((r, i) => {
    const state = r.data?.state;
    if (!state?.lastSuccessAt || state.connectionId !== connectionId) return;
    if (!best || Date.parse(state.lastSuccessAt) > Date.parse(best.at)) {
      best = { at: state.lastSuccessAt, orgName: served[i]!.name };
    }
  });
  return best;
}

/** A change of connections changes which orgs the switcher offers, and writes an audit row: all three lists are refreshed. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.connections() }),
      queryClient.invalidateQueries({ queryKey: queryKeys.orgs() }),
      queryClient.invalidateQueries({ queryKey: queryKeys.audit() }),
    ]);
}

export function useCreateConnection() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: CreateConnectionInput) =>
      apiFetch("/api/connections", { method: "POST", body: input, schema: connectionCreatedSchema }),
    onSuccess: () => void invalidate(),
  });
}

export function useUpdateConnection(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: UpdateConnectionInput) =>
      apiFetch(path(id), { method: "PATCH", body: input, schema: connectionResponseSchema }),
    onSuccess: () => void invalidate(),
  });
}

export function useRotateSecret(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (clientSecret: string) =>
      apiFetch(`${path(id)}/rotate`, {
        method: "POST",
        body: { clientSecret },
        schema: connectionResponseSchema,
      }),
    onSuccess: () => void invalidate(),
  });
}

export function useDeleteConnection(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => apiFetch<undefined>(path(id), { method: "DELETE" }),
    onSettled: () => void invalidate(),
  });
}

export function useTestConnection(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationKey: ["connections", id, "test"],
    mutationFn: () => apiFetch(`${path(id)}/test`, { method: "POST", schema: connectionTestResponseSchema }),
    onSuccess: () => void invalidate(),
  });
}

/** An admin chooses the connection that serves an org: the org list and everything read through it change. */
export function useSetOrgRoute(orgId: string) {
  const invalidate = useInvalidate();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (connectionId: string) =>
      apiFetch(`/api/orgs/${encodeURIComponent(orgId)}/route`, {
        method: "POST",
        body: { connectionId },
        schema: orgRouteResponseSchema,
      }),
    onSettled: () =>
      void Promise.all([invalidate(), queryClient.invalidateQueries({ queryKey: queryKeys.org(orgId) })]),
  });
}
