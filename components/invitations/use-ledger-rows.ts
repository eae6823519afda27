"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { ledgerCountsQuery, ledgerTabQuery } from "@/lib/api-client/ledger/queries";
import type { LedgerTab } from "@/lib/schemas/ledger";
import type { LedgerEntry } from "@/lib/schemas/ledger-api";
import { changedAtMs, truncationNotice } from "./ledger-sync-model";
import { toRows, type NameLookup } from "@/lib/invitations/list-model";

/**
 * A ledger tab's rows in the list's own row model (lib/invitations/list-model.ts), so that its search,
 * filters and sort apply unchanged; `changedMs` carries when each entered the tab's status.
 */
export function useLedgerRows(
  orgId: string,
  tab: LedgerTab,
  teams: NameLookup,
  projects: NameLookup,
  hydrated: boolean,
) {
  const enabled = tab !== "pending";
  const query = useQuery({ ...ledgerTabQuery(orgId, tab), enabled });
  const data = hydrated && enabled ? query.data : undefined;
  const { rows, entries } = useMemo(() => {
    const list = data?.invitations ?? [];
    const built = toRows(list, teams, projects);
    const byKey = new Map<string, LedgerEntry>();
    built.forEach((r, i) => {
      const entry = list[i]!;
      r.changedMs = changedAtMs(entry);
      byKey.set(r.key, entry);
    });
    return { rows: built, entries: byKey as ReadonlyMap<string, LedgerEntry> };
  }, [data, teams, projects]);
  return { rows, entries, query, data };
}

/** Every tab's count (the tab labels); Pending's comes from Atlas's live list once loaded (./ledger-sync-model.ts). */
export function useLedgerCounts(orgId: string) {
  return useQuery(ledgerCountsQuery(orgId));
}

/**
 * What a ledger tab says when it holds more rows than the server answers (./ledger-sync-model.ts): read from
 * the tab's query as useLedgerRows loaded it, never fetching on its own.
 */
export function useLedgerTruncation(orgId: string, tab: LedgerTab): string | null {
  const { data } = useQuery({ ...ledgerTabQuery(orgId, tab), enabled: false, select: truncationNotice });
  return data ?? null;
}
