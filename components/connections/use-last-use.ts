"use client";

import { useQueries } from "@tanstack/react-query";
import { orgSyncStatusQuery } from "@/lib/api-client/connections";
import type { OrgList } from "@/lib/schemas/connections";

export interface LastUse {
  /** ISO time of the latest successful Atlas work through the connection. */
  at: string;
  orgName: string;
}

/**
 * When the connection last did real work in Atlas: the latest successful invitation sync it ran for an org it
 * serves (lib/server/ledger/sync.ts records the connection and the time). A connection nobody tested by hand
 * but that serves an org every few minutes is working, and the card says so.
 */
export function useLastUse(connectionId: string, orgList: OrgList | undefined): LastUse | null {
  const served = (orgList?.orgs ?? []).filter((o) => o.connectionId === connectionId);
  const results = useQueries({
    queries: served.map((o) => ({ ...orgSyncStatusQuery(o.id), staleTime: 60_000 })),
  });
  let best: LastUse | null = null;
  results.forEach((r, i) => {
    const state = r.data?.state;
    if (!state?.lastSuccessAt || state.connectionId !== connectionId) return;
    if (!best || Date.parse(state.lastSuccessAt) > Date.parse(best.at)) {
      best = { at: state.lastSuccessAt, orgName: served[i]!.name };
    }
  });
  return best;
}
