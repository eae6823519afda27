import { queryOptions, useQueries } from "@tanstack/react-query";
import type { OrgList } from "@/lib/schemas/connections";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { orgPath } from "../paths";
import { connectionKeys } from "./keys";

export const connectionsQuery = () =>
  queryOptions({
    queryKey: connectionKeys.all(),
    queryFn: ({ signal }) => apiFetch("/api/connections", { signal, schema: answer("connectionListSchema") }),
  });

/**
 * An org's invitation sync (GET /api/orgs/{orgId}/ledger/sync): which connection it last ran through and when it
 * last succeeded. The Connections page reads it to say when a connection last worked, tested or not.
 */
export const orgSyncStatusQuery = (orgId: string) =>
  queryOptions({
    queryKey: connectionKeys.orgSyncStatus(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/ledger/sync`, { signal, schema: answer("ledgerSyncStatusSchema") }),
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
