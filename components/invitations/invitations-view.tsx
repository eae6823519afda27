"use client";

import dynamic from "next/dynamic";
import { usePermission } from "@/components/auth/session-context";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { usePendingRenewals } from "@/lib/api-client/invitation-changes";
import { usePendingCancellations } from "@/lib/api-client/mutations";
import { invitationsQuery, orgsQuery, projectsQuery, teamsQuery } from "@/lib/api-client/queries";
import type { Invitation } from "@/lib/schemas/invitations";
import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui/button";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { useOpenedOnce } from "@/components/hooks/use-opened-once";
import { DisabledReason } from "@/components/ui/disabled-reason";
import { PlusIcon } from "@/components/ui/icons";
import { RowActionsContext } from "./row-actions";
import { UnfinishedRenewals } from "./unfinished-renewals";
import type { LedgerTab } from "@/lib/schemas/ledger";
import type { LedgerEntry } from "@/lib/schemas/ledger-api";
import type { DrawerSubject } from "./invitation-drawer";
import { InvitationsHeader, InvitationsNotices } from "./invitations-header";
import {
  InvitationsEmpty,
  InvitationsError,
  InvitationsNoMatch,
  InvitationsTableSkeleton,
} from "./invitations-states";
import { ACTIONS_REFUSED_ID } from "./invitation-row";
import { InvitationsTable } from "./invitations-table";
import { InvitationsTabs, TAB_LABELS } from "./invitations-tabs";
import { InvitationsToolbar } from "./invitations-toolbar";
import type { InvitationActionId } from "./ledger-actions";
import { LedgerEmpty } from "./ledger-states";
import { LedgerSyncBar } from "./ledger-sync-bar";
import { catchUpPollMs, tabBadgeCounts } from "./ledger-sync-model";
import { summarize, toRows, visibleRows, type InvitationRow } from "./list-model";
import { clearFilters, hasActiveFilters, nextSort, type SortColumn } from "./list-params";
import { useLedgerCounts, useLedgerRows } from "./use-ledger-rows";
import { useDrawerParam } from "./use-drawer-param";
import { useListParams } from "./use-list-params";
import { useNow } from "@/components/ui/use-now";

// The advanced "Create Atlas account" dialog (admins only) brings the phone-number and country tables: loaded
// apart from the page's first-load JS.
const CreateAtlasUserDialog = dynamic(
  () => import("@/components/atlas-users/create-atlas-user-dialog").then((m) => m.CreateAtlasUserDialog),
  { ssr: false },
);

// The dialogs and the details drawer (forms, zod resolvers, Radix dialog, the timeline) load when first opened,
// not with the page: most visits only read the list. Once opened they stay mounted (useOpenedOnce).
const InviteDialog = dynamic(() => import("./invite-dialog").then((m) => m.InviteDialog), { ssr: false });
const CancelDialog = dynamic(() => import("./cancel-dialog").then((m) => m.CancelDialog), { ssr: false });
const EditInvitationDialog = dynamic(
  () => import("./edit-invitation-dialog").then((m) => m.EditInvitationDialog),
  { ssr: false },
);
const RenewDialog = dynamic(() => import("./renew-dialog").then((m) => m.RenewDialog), { ssr: false });
const InvitationDrawer = dynamic(() => import("./invitation-drawer").then((m) => m.InvitationDrawer), {
  ssr: false,
});

const NO_NAMES: { id: string; name: string }[] = [];

/**
 * The org's invitations by status: Pending is Atlas's live list (invite, cancel); Expired, Rejected, Accepted
 * and Cancelled read the console's ledger (re-invite). A row opens its details in a drawer. The page's one
 * client island.
 */
export function InvitationsView({ orgId }: { orgId: string }) {
  const hydrated = useHydrated();
  const [params, updateParams, setParams] = useListParams();
  const tab = params.tab;
  const isPending = tab === "pending";
  const invitations = useQuery({ ...invitationsQuery(orgId), enabled: isPending });
  const teams = useQuery(teamsQuery(orgId));
  const projects = useQuery(projectsQuery(orgId));
  const orgs = useQuery(orgsQuery());
  const counts = useLedgerCounts(orgId);
  // Not deferred (useDeferredValue): filtering 10,000 sorted rows takes a few ms, and a deferred list costs a
  // second render and a frame between the typed letter and the list (Chromium, 10,000 rows, bench/profile-
  // keystroke.ts: keystroke → painted median 48 ms deferred, 29 ms not).
  // "Expiring soon" is a Pending filter: the ledger tabs ignore it.
  const view = useMemo(() => (isPending ? params : { ...params, expiring: false }), [params, isPending]);
  const now = useNow();
  const pendingIds = usePendingCancellations(orgId);
  const [inviteOpen, setInviteOpen] = useState(false);
  const invitePermission = usePermission("invitations.create");
  // An advanced, admin-only option (Atlas's deprecated createUser): shown only to those who may use it.
  const createAccountPermission = usePermission("atlas_users.create");
  const [createAccountOpen, setCreateAccountOpen] = useState(false);
  const createAccountButtonRef = useRef<HTMLButtonElement>(null);
  const [toCancel, setToCancel] = useState<Invitation | null>(null);
  const [toEdit, setToEdit] = useState<Invitation | null>(null);
  const [toRenew, setToRenew] = useState<Invitation | null>(null);
  const renewing = usePendingRenewals(orgId);
  const rowActions = useMemo(() => ({ onEdit: setToEdit, onRenew: setToRenew, renewing }), [renewing]);
  // The open drawer's row key is in the URL (?invitation=): a pasted link opens the same details.
  const [drawerKey, setDrawerKey] = useDrawerParam();
  const [toReinvite, setToReinvite] = useState<LedgerEntry | null>(null);
  const searchRef = useRef<HTMLDivElement>(null);
  const inviteButtonRef = useRef<HTMLButtonElement>(null);

  // Until hydrated, render as the server did (no data), whatever the cache already holds.
  const list = hydrated && isPending ? invitations.data : undefined;
  const teamList = (hydrated && teams.data?.teams) || NO_NAMES;
  const projectList = (hydrated && projects.data?.projects) || NO_NAMES;
  const teamNames = useMemo(() => new Map(teamList.map((t) => [t.id, t.name])), [teamList]);
  const projectNames = useMemo(() => new Map(projectList.map((p) => [p.id, p.name])), [projectList]);
  const pendingRows = useMemo(
    () => toRows(list?.invitations ?? [], teamNames, projectNames),
    [list, teamNames, projectNames],
  );
  const ledger = useLedgerRows(orgId, tab, teamNames, projectNames, hydrated);
  const rows = isPending ? pendingRows : ledger.rows;
  const current = isPending ? invitations : ledger.query;
  const loaded = isPending ? list : ledger.data;
  const visible = useMemo(() => visibleRows(rows, view, now), [rows, view, now]);
  const summary = useMemo(() => summarize(pendingRows, now), [pendingRows, now]);
  const orgName =
    !hydrated || orgs.isPending
      ? undefined
      : (orgs.data?.orgs.find((o) => o.id === orgId)?.name ?? "this organization");
  // One rule for the badges on every tab (./ledger-sync-model.ts): Pending is Atlas's live list whenever the
  // page holds it (also after leaving Pending), the others the ledger.
  const ledgerCounts = hydrated ? (ledger.data?.counts ?? counts.data?.counts) : undefined;
  const livePending = hydrated ? invitations.data?.invitations.length : undefined;
  const tabCounts = useMemo(() => tabBadgeCounts(ledgerCounts, livePending), [ledgerCounts, livePending]);
  // The ledger behind the live list: the server queued a catch-up sync; the tabs refresh when it is done.
  const syncPollMs = catchUpPollMs(livePending, ledgerCounts?.pending, invitations.dataUpdatedAt, now);

  // A row that left the list (cancelled here, accepted meanwhile, or a stale link) has no details to show.
  const drawerSubject = useMemo((): DrawerSubject | null => {
    const row = drawerKey ? rows.find((r) => r.key === drawerKey) : undefined;
    if (!row) return null;
    const entry = isPending ? null : (ledger.entries.get(row.key) ?? null);
    return { row, status: entry?.status ?? "pending", entry };
  }, [drawerKey, rows, isPending, ledger.entries]);
  // Once the list has loaded without that row, the link is dropped from the URL too.
  const staleDrawerKey = drawerKey !== null && loaded !== undefined && drawerSubject === null;
  useEffect(() => {
    if (staleDrawerKey) setDrawerKey(null);
  }, [staleDrawerKey, setDrawerKey]);
  const inviteMounted = useOpenedOnce(inviteOpen);
  const cancelMounted = useOpenedOnce(toCancel !== null);
  const editMounted = useOpenedOnce(toEdit !== null);
  const renewMounted = useOpenedOnce(toRenew !== null);
  const drawerMounted = useOpenedOnce(drawerSubject !== null);
  const createAccountMounted = useOpenedOnce(createAccountOpen);

  // Stable across keystrokes (functional updates): the memoised table is not re-rendered by typing alone.
  const onSort = useCallback(
    (column: SortColumn) => setParams((p) => ({ ...p, ...nextSort(p, column) })),
    [setParams],
  );
  const onClear = useCallback(() => setParams(clearFilters), [setParams]);
  const onCancel = useCallback((invitation: Invitation) => setToCancel(invitation), []);
  const openInvite = useCallback(() => setInviteOpen(true), []);
  const onTabChange = useCallback(
    (next: LedgerTab) => {
      setDrawerKey(null);
      updateParams({ tab: next });
    },
    [updateParams, setDrawerKey],
  );
  const entries = ledger.entries;
  const onOpen = useCallback((row: InvitationRow) => setDrawerKey(row.key), [setDrawerKey]);
  const onReinvite = useCallback(
    (row: InvitationRow) => setToReinvite(entries.get(row.key) ?? null),
    [entries],
  );
  const onAction = useCallback((id: InvitationActionId, subject: DrawerSubject) => {
    if (id === "cancel") setToCancel(subject.row.invitation);
    if (id === "edit") setToEdit(subject.row.invitation);
    if (id === "renew") setToRenew(subject.row.invitation);
    if (id === "reinvite" && subject.entry) setToReinvite(subject.entry);
  }, []);

  const noun = TAB_LABELS[tab].toLowerCase();
  const activeFilters = hasActiveFilters(view);
  let content;
  if (!hydrated || (current.isPending && !loaded)) {
    content = <InvitationsTableSkeleton />;
  } else if (current.isError && !loaded) {
    content = (
      <InvitationsError
        error={current.error}
        retrying={current.isFetching}
        onRetry={() => void current.refetch()}
      />
    );
  } else if (rows.length === 0) {
    content = isPending ? (
      <InvitationsEmpty
        orgName={orgName ?? "this organization"}
        onInvite={invitePermission.allowed ? openInvite : undefined}
      />
    ) : (
      <LedgerEmpty tab={tab as Exclude<LedgerTab, "pending">} />
    );
  } else if (visible.length === 0) {
    content = <InvitationsNoMatch total={rows.length} onClear={onClear} noun={noun} />;
  } else {
    content = (
      <InvitationsTable
        rows={visible}
        sort={view.sort}
        dir={view.dir}
        onSort={onSort}
        onCancel={onCancel}
        pendingIds={pendingIds}
        now={now}
        resetKey={JSON.stringify(view)}
        tab={tab}
        label={`${TAB_LABELS[tab]} invitations`}
        onOpen={onOpen}
        onReinvite={onReinvite}
      />
    );
  }

  return (
    <RowActionsContext.Provider value={rowActions}>
      <div className="flex flex-1 flex-col gap-3 px-4 py-4 sm:px-6 md:min-h-0">
        <InvitationsHeader
          orgName={orgName}
          api={list?.api}
          summary={list ? summary : undefined}
          loading={!hydrated || current.isPending}
          shown={activeFilters ? visible.length : undefined}
          title={`${TAB_LABELS[tab]} invitations`}
          ledger={
            !isPending && ledger.data
              ? {
                  text:
                    tab === "accepted"
                      ? `${rows.length} accepted in the last 30 days`
                      : `${rows.length} ${noun}`,
                  total: rows.length,
                }
              : undefined
          }
          action={
            <div className="flex flex-wrap items-center justify-end gap-2">
              {createAccountPermission.allowed ? (
                <Button
                  ref={createAccountButtonRef}
                  onClick={() => setCreateAccountOpen(true)}
                  title="Advanced: a new Atlas login with a password you set (deprecated Atlas API)"
                >
                  Create Atlas account
                </Button>
              ) : null}
              {/* The nav carries the same link on phones (components/layout/nav-links.tsx). The wrapper hides it
                  there: on the link itself the button's own inline-flex would win over "hidden". */}
              <span className="hidden sm:contents">
                <Link href={`/orgs/${orgId}/sunset`} className={buttonClasses("ghost", "md")}>
                  Sunset readiness
                </Link>
              </span>
              <DisabledReason
                id={ACTIONS_REFUSED_ID}
                reason={invitePermission.reason}
                className="order-last basis-full text-right sm:order-none sm:max-w-64 sm:basis-auto"
              />
              <Button
                ref={inviteButtonRef}
                variant="primary"
                onClick={openInvite}
                disabled={!invitePermission.allowed}
                aria-describedby={invitePermission.reason ? ACTIONS_REFUSED_ID : undefined}
              >
                <PlusIcon />
                Invite people
              </Button>
            </div>
          }
        />
        <InvitationsTabs
          tab={tab}
          onTabChange={onTabChange}
          counts={tabCounts}
          aside={<LedgerSyncBar orgId={orgId} pollMs={syncPollMs} />}
        >
          <div ref={searchRef}>
            <InvitationsToolbar
              params={params}
              onChange={updateParams}
              onClear={onClear}
              teams={teamList}
              projects={projectList}
              showExpiring={isPending}
            />
          </div>
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
          {hydrated && isPending ? <UnfinishedRenewals orgId={orgId} /> : null}
          {content}
        </InvitationsTabs>
        {inviteMounted ? (
          <InviteDialog
            orgId={orgId}
            orgName={orgName ?? "this organization"}
            open={inviteOpen}
            onOpenChange={setInviteOpen}
            teams={teamList}
            projects={projectList}
            returnFocusFallback={() => inviteButtonRef.current}
          />
        ) : null}
        {toReinvite ? (
          <InviteDialog
            key={toReinvite.id}
            orgId={orgId}
            orgName={orgName ?? "this organization"}
            open
            onOpenChange={(open) => (open ? undefined : setToReinvite(null))}
            teams={teamList}
            projects={projectList}
            returnFocusFallback={() => searchRef.current?.querySelector("input")}
            reinvite={{
              ledgerId: toReinvite.id,
              email: toReinvite.email,
              grants: {
                orgRoles: toReinvite.orgRoles,
                teamIds: toReinvite.teamIds,
                projectRoles: toReinvite.projectRoles,
              },
            }}
            onReinvited={() => setDrawerKey(null)}
          />
        ) : null}
        {drawerMounted ? (
          <InvitationDrawer
            orgId={orgId}
            subject={drawerSubject}
            onClose={() => setDrawerKey(null)}
            onAction={onAction}
          />
        ) : null}
        {cancelMounted ? (
          <CancelDialog
            orgId={orgId}
            orgName={orgName ?? "this organization"}
            invitation={toCancel}
            onClose={() => setToCancel(null)}
            onCancelled={() => setDrawerKey(null)}
            fallbackFocus={() => searchRef.current?.querySelector("input")}
          />
        ) : null}
        {createAccountPermission.allowed && createAccountMounted ? (
          <CreateAtlasUserDialog
            orgId={orgId}
            orgName={orgName ?? "this organization"}
            open={createAccountOpen}
            onOpenChange={setCreateAccountOpen}
            projects={projectList}
            returnFocusFallback={() => createAccountButtonRef.current}
          />
        ) : null}
        {editMounted ? (
          <EditInvitationDialog
            orgId={orgId}
            invitation={toEdit}
            onClose={() => setToEdit(null)}
            teams={teamList}
            projects={projectList}
            returnFocusFallback={() => searchRef.current?.querySelector("input")}
          />
        ) : null}
        {renewMounted ? (
          <RenewDialog
            orgId={orgId}
            invitation={toRenew}
            onClose={() => setToRenew(null)}
            fallbackFocus={() => searchRef.current?.querySelector("input")}
          />
        ) : null}
      </div>
    </RowActionsContext.Provider>
  );
}
