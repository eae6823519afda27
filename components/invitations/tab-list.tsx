"use client";

import dynamic from "next/dynamic";
import { useCallback, type ReactNode } from "react";
import { usePermission } from "@/components/auth/session-context";
import { useOpenedOnce } from "@/components/hooks/use-opened-once";
import { usePendingCancellations } from "@/lib/api-client/invitations/mutations";
import type { InvitationRow } from "@/lib/invitations/list-model";
import type { Invitation } from "@/lib/schemas/invitations";
import type { LedgerTab } from "@/lib/schemas/ledger";
import type { LedgerEntry } from "@/lib/schemas/ledger-api";
import type { ListParams, SortColumn } from "@/lib/search-params/invitations";
import { bulkActionsFor } from "./bulk-tabs";
import { useInvitationDialogs } from "./invitation-dialogs";
import { InvitationsError, InvitationsNoMatch, InvitationsTableSkeleton } from "./invitations-states";
import { InvitationsTable } from "./invitations-table";
import { TAB_LABELS } from "./invitations-tabs";
import { selectionScope } from "./selection";
import { useRowSelection } from "./use-row-selection";
import { useDrawerParam } from "./use-list-params";

const NO_ROWS: InvitationRow[] = [];

// Loaded with the first selection (the bar, the bulk-action rules and its dialog are not needed to show a list).
const BulkActionBar = dynamic(() => import("./bulk-action-bar").then((m) => m.BulkActionBar), { ssr: false });

/** What a tab shows: its query's state, its rows and the ones search and filters leave. */
export interface TabRows {
  query: {
    isPending: boolean;
    isError: boolean;
    isFetching: boolean;
    error: Error | null;
    refetch: () => Promise<unknown>;
  };
  /** The tab's data, once loaded (and hydrated). */
  loaded: boolean;
  /** Only the first pages are in (the pending list streams): no selection or bulk actions until it is whole. */
  partial?: boolean;
  rows: InvitationRow[];
  visible: InvitationRow[];
}

interface TabListProps extends TabRows {
  orgId: string;
  tab: LedgerTab;
  hydrated: boolean;
  /** The list as filtered and sorted (the table's sort arrows, its scroll reset). */
  view: ListParams;
  now: number;
  onSort: (column: SortColumn) => void;
  onClear: () => void;
  /** The tab's own empty state (Pending offers Invite people; a ledger tab says what would show there). */
  empty: ReactNode;
  /** Ledger tabs: the ledger row behind a list row (Re-invite); none on Pending. */
  entries?: ReadonlyMap<string, LedgerEntry>;
}

/** A tab's list in four states: loading (skeleton), error (retry), empty or no match, and the table. */
export function TabList(props: TabListProps) {
  const { orgId, tab, hydrated, query, loaded, rows, visible, view, now, empty, entries } = props;
  const dialogs = useInvitationDialogs();
  const [, setDrawerKey] = useDrawerParam();
  const pendingIds = usePendingCancellations(orgId);
  const { open } = dialogs;
  // Stable across keystrokes: the memoised table is not re-rendered by typing alone.
  const onCancel = useCallback((invitation: Invitation) => open({ kind: "cancel", invitation }), [open]);
  const onOpen = useCallback((row: InvitationRow) => setDrawerKey(row.key), [setDrawerKey]);
  const onReinvite = useCallback(
    (row: InvitationRow) => {
      const entry = entries?.get(row.key);
      if (entry) open({ kind: "reinvite", entry });
    },
    [entries, open],
  );
  // Bulk actions (./bulk-action-bar.tsx): checkboxes on the tabs that have some, for those who may run them.
  const bulkPermission = usePermission("bulk.run");
  const selectable = bulkPermission.allowed && bulkActionsFor(tab).length > 0 && !props.partial;
  const selection = useRowSelection(selectionScope(tab, view), selectable ? visible : NO_ROWS);
  // Once mounted the bar stays: its dialog may still be finishing a run after the selection was cleared.
  const barMounted = useOpenedOnce(selectable && selection.count > 0);

  if (!hydrated || (query.isPending && !loaded)) return <InvitationsTableSkeleton />;
  if (query.isError && !loaded && query.error) {
    return (
      <InvitationsError
        error={query.error}
        retrying={query.isFetching}
        onRetry={() => void query.refetch()}
      />
    );
  }
  if (rows.length === 0) return empty;
  if (visible.length === 0) {
    return (
      <InvitationsNoMatch total={rows.length} onClear={props.onClear} noun={TAB_LABELS[tab].toLowerCase()} />
    );
  }
  return (
    <>
      <InvitationsTable
        rows={visible}
        sort={view.sort}
        dir={view.dir}
        onSort={props.onSort}
        onCancel={onCancel}
        pendingIds={pendingIds}
        now={now}
        resetKey={JSON.stringify(view)}
        tab={tab}
        label={`${TAB_LABELS[tab]} invitations`}
        onOpen={onOpen}
        onReinvite={onReinvite}
        selection={selectable ? selection : undefined}
      />
      {selectable && barMounted ? (
        <BulkActionBar orgId={orgId} tab={tab} selection={selection} visible={visible} entries={entries} />
      ) : null}
    </>
  );
}
