"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo } from "react";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { useNow } from "@/components/ui/use-now";
import { orgsQuery, projectsQuery, teamsQuery } from "@/lib/api-client/orgs/queries";
import { summarize, viewForTab, visibleRows } from "@/lib/invitations/list-model";
import type { LedgerTab as LedgerTabName } from "@/lib/schemas/ledger";
import {
  CLEARED_FILTERS,
  hasActiveFilters,
  nextSort,
  type SortColumn,
} from "@/lib/search-params/invitations";
import type { DrawerSubject } from "./invitation-drawer";
import { InvitationDialogs } from "./invitation-dialogs";
import { InvitationsActions } from "./invitations-actions";
import { InvitationsHeader, InvitationsNotices } from "./invitations-header";
import { InvitationsTabs, TAB_LABELS } from "./invitations-tabs";
import { InvitationsToolbar } from "./invitations-toolbar";
import { LedgerTab, ledgerSummary } from "./ledger-tab";
import { LedgerSyncBar } from "./ledger-sync-bar";
import { catchUpPollMs, tabBadgeCounts } from "./ledger-sync-model";
import { PendingTab, usePendingList } from "./pending-tab";
import { useLedgerCounts, useLedgerRows } from "./use-ledger-rows";
import { useDrawerParam, useListParams } from "./use-list-params";

const NO_NAMES: { id: string; name: string }[] = [];

/**
 * The org's invitations by status: Pending is Atlas's live list (invite, cancel); Expired, Rejected, Accepted
 * and Cancelled read the console's ledger (re-invite). A row opens its details in a drawer. The page's one
 * client island: the URL state, the header, the tabs and the toolbar; each tab's list is ./pending-tab.tsx
 * or ./ledger-tab.tsx, and every dialog opens through ./invitation-dialogs.tsx.
 */
export function InvitationsView({ orgId }: { orgId: string }) {
  const hydrated = useHydrated();
  const [params, updateParams] = useListParams();
  // The open drawer's row key is in the URL (?invitation=): a pasted link opens the same details.
  const [drawerKey, setDrawerKey] = useDrawerParam();
  const tab = params.tab;
  const isPending = tab === "pending";
  const teams = useQuery(teamsQuery(orgId));
  const projects = useQuery(projectsQuery(orgId));
  const orgs = useQuery(orgsQuery());
  const counts = useLedgerCounts(orgId);
  // Not deferred (useDeferredValue): filtering even a large list is cheap, and a deferred list costs a second
  // render and a frame between the typed letter and the list (bench/profile-keystroke.ts measures it).
  const view = useMemo(() => viewForTab(params), [params]);
  const now = useNow();

  // Until hydrated, render as the server did (no data), whatever the cache already holds.
  const teamList = (hydrated && teams.data?.teams) || NO_NAMES;
  const projectList = (hydrated && projects.data?.projects) || NO_NAMES;
  const teamNames = useMemo(() => new Map(teamList.map((t) => [t.id, t.name])), [teamList]);
  const projectNames = useMemo(() => new Map(projectList.map((p) => [p.id, p.name])), [projectList]);
  const pending = usePendingList(orgId, {
    active: isPending,
    hydrated,
    teams: teamNames,
    projects: projectNames,
  });
  const ledger = useLedgerRows(orgId, tab, teamNames, projectNames, hydrated);
  const rows = isPending ? pending.rows : ledger.rows;
  const current = isPending ? pending.query : ledger.query;
  const loaded = isPending ? pending.data !== undefined : ledger.data !== undefined;
  // The first pages of a big org's list show while the rest streams: nothing that needs every row yet.
  const partial = isPending && pending.progress !== undefined;
  const visible = useMemo(() => visibleRows(rows, view, now), [rows, view, now]);
  const summary = useMemo(() => summarize(pending.rows, now), [pending.rows, now]);
  const orgName =
    !hydrated || orgs.isPending
      ? undefined
      : (orgs.data?.orgs.find((o) => o.id === orgId)?.name ?? "this organization");
  // One rule for the badges on every tab (./ledger-sync-model.ts): Pending is Atlas's live list whenever the
  // page holds it (also after leaving Pending), the others the ledger.
  const ledgerCounts = hydrated ? (ledger.data?.counts ?? counts.data?.counts) : undefined;
  // While the list streams in, Pending's badge says what Atlas counted (the "Loading N of M" total), not the
  // ledger's pending rows: a ledger not synced yet read "Pending 0" beside "Loading 1,500 of 10,035".
  const badgePending = pending.liveCount ?? pending.progress?.total;
  const tabCounts = useMemo(() => tabBadgeCounts(ledgerCounts, badgePending), [ledgerCounts, badgePending]);
  // The ledger behind the live list: the server queued a catch-up sync; the tabs refresh when it is done.
  const syncPollMs = catchUpPollMs(
    pending.liveCount,
    ledgerCounts?.pending,
    pending.query.dataUpdatedAt,
    now,
  );

  // A row that left the list (cancelled here, accepted meanwhile, or a stale link) has no details to show.
  const drawerSubject = useMemo((): DrawerSubject | null => {
    const row = drawerKey ? rows.find((r) => r.key === drawerKey) : undefined;
    if (!row) return null;
    const entry = isPending ? null : (ledger.entries.get(row.key) ?? null);
    return { row, status: entry?.status ?? "pending", entry };
  }, [drawerKey, rows, isPending, ledger.entries]);
  // Once the list has loaded without that row, the link is dropped from the URL too.
  const staleDrawerKey = drawerKey !== null && loaded && !partial && drawerSubject === null;
  useEffect(() => {
    if (staleDrawerKey) setDrawerKey(null);
  }, [staleDrawerKey, setDrawerKey]);

  // Stable across keystrokes (the latest state, not the render's): the memoised table is not re-rendered by
  // typing alone.
  const onSort = useCallback(
    (column: SortColumn) => updateParams((p) => nextSort(p, column)),
    [updateParams],
  );
  const onClear = useCallback(() => updateParams(CLEARED_FILTERS), [updateParams]);
  const onTabChange = useCallback(
    (next: LedgerTabName) => {
      setDrawerKey(null);
      updateParams({ tab: next });
    },
    [updateParams, setDrawerKey],
  );

  const activeFilters = hasActiveFilters(view);
  const list = {
    orgId,
    hydrated,
    query: current,
    loaded,
    partial,
    rows,
    visible,
    view,
    now,
    onSort,
    onClear,
  };
  return (
    <InvitationDialogs
      orgId={orgId}
      orgName={orgName}
      teams={teamList}
      projects={projectList}
      drawerSubject={drawerSubject}
    >
      <div className="flex flex-1 flex-col gap-3 px-4 py-4 sm:px-6 md:min-h-0">
        <InvitationsHeader
          orgName={orgName}
          api={pending.data?.api}
          summary={pending.data && !pending.progress ? summary : undefined}
          progress={isPending ? pending.progress : undefined}
          loading={!hydrated || current.isPending}
          shown={activeFilters ? visible.length : undefined}
          title={`${TAB_LABELS[tab]} invitations`}
          ledger={
            !isPending && ledger.data
              ? {
                  // A tab cut to its newest rows (the notice under the tabs) still counts all of them here.
                  text: ledgerSummary(tab, Math.max(ledger.data.counts[tab], rows.length)),
                  total: rows.length,
                }
              : undefined
          }
          action={<InvitationsActions orgId={orgId} />}
        />
        <InvitationsTabs
          tab={tab}
          onTabChange={onTabChange}
          counts={tabCounts}
          aside={<LedgerSyncBar orgId={orgId} pollMs={syncPollMs} />}
        >
          <InvitationsToolbar
            params={params}
            onChange={updateParams}
            onClear={onClear}
            teams={teamList}
            projects={projectList}
            showExpiring={isPending}
          />
          <InvitationsNotices
            refreshError={current.isError && loaded ? current.error : undefined}
            namesError={hydrated && (teams.isError || projects.isError)}
            retrying={current.isFetching || teams.isFetching || projects.isFetching}
            onRetry={() => {
              if (current.isError) void current.refetch();
              if (teams.isError) void teams.refetch();
              if (projects.isError) void projects.refetch();
            }}
          />
          {isPending ? (
            <PendingTab {...list} orgName={orgName} />
          ) : (
            <LedgerTab {...list} tab={tab} entries={ledger.entries} />
          )}
        </InvitationsTabs>
      </div>
    </InvitationDialogs>
  );
}
