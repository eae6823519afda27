"use client";

import { usePermission } from "@/components/auth/session-context";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useDeferredValue, useMemo, useRef, useState } from "react";
import { usePendingCancellations } from "@/lib/api-client/mutations";
import { invitationsQuery, orgsQuery, projectsQuery, teamsQuery } from "@/lib/api-client/queries";
import type { Invitation } from "@/lib/schemas/invitations";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { PlusIcon } from "@/components/ui/icons";
import { CancelDialog } from "./cancel-dialog";
import { InviteDialog } from "./invite-dialog";
import { InvitationsHeader, InvitationsNotices } from "./invitations-header";
import {
  InvitationsEmpty,
  InvitationsError,
  InvitationsNoMatch,
  InvitationsTableSkeleton,
} from "./invitations-states";
import { InvitationsTable } from "./invitations-table";
import { InvitationsToolbar } from "./invitations-toolbar";
import { summarize, toRows, visibleRows } from "./list-model";
import { clearFilters, hasActiveFilters, nextSort, type SortColumn } from "./list-params";
import { useListParams } from "./use-list-params";
import { useNow } from "@/components/ui/use-now";

const NO_NAMES: { id: string; name: string }[] = [];

/** The org's pending invitations with invite and cancel: the page's one client island. */
export function InvitationsView({ orgId }: { orgId: string }) {
  const invitations = useQuery(invitationsQuery(orgId));
  const teams = useQuery(teamsQuery(orgId));
  const projects = useQuery(projectsQuery(orgId));
  const orgs = useQuery(orgsQuery());
  const hydrated = useHydrated();
  const [params, updateParams, setParams] = useListParams();
  // Filtering 10,000 rows may take a frame: typing stays responsive while the list catches up.
  const view = useDeferredValue(params);
  const now = useNow();
  const pendingIds = usePendingCancellations(orgId);
  const [inviteOpen, setInviteOpen] = useState(false);
  const invitePermission = usePermission("invitations.create");
  const [toCancel, setToCancel] = useState<Invitation | null>(null);
  const searchRef = useRef<HTMLDivElement>(null);
  const inviteButtonRef = useRef<HTMLButtonElement>(null);

  // Until hydrated, render as the server did (no data), whatever the cache already holds.
  const list = hydrated ? invitations.data : undefined;
  const teamList = (hydrated && teams.data?.teams) || NO_NAMES;
  const projectList = (hydrated && projects.data?.projects) || NO_NAMES;
  const rows = useMemo(
    () =>
      toRows(
        list?.invitations ?? [],
        new Map(teamList.map((t) => [t.id, t.name])),
        new Map(projectList.map((p) => [p.id, p.name])),
      ),
    [list, teamList, projectList],
  );
  const visible = useMemo(() => visibleRows(rows, view, now), [rows, view, now]);
  const summary = useMemo(() => summarize(rows, now), [rows, now]);
  const orgName =
    !hydrated || orgs.isPending
      ? undefined
      : (orgs.data?.orgs.find((o) => o.id === orgId)?.name ?? "this organization");

  const onSort = useCallback(
    (column: SortColumn) => updateParams(nextSort(params, column)),
    [params, updateParams],
  );
  const onClear = useCallback(() => setParams(clearFilters(params)), [params, setParams]);
  const onCancel = useCallback((invitation: Invitation) => setToCancel(invitation), []);
  const openInvite = useCallback(() => setInviteOpen(true), []);

  let content;
  if (!hydrated || invitations.isPending) {
    content = <InvitationsTableSkeleton />;
  } else if (invitations.isError && !list) {
    content = (
      <InvitationsError
        error={invitations.error}
        retrying={invitations.isFetching}
        onRetry={() => void invitations.refetch()}
      />
    );
  } else if (rows.length === 0) {
    content = (
      <InvitationsEmpty
        orgName={orgName ?? "this organization"}
        onInvite={invitePermission.allowed ? openInvite : undefined}
      />
    );
  } else if (visible.length === 0) {
    content = <InvitationsNoMatch total={rows.length} onClear={onClear} />;
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
      />
    );
  }

  return (
    <div className="flex flex-1 flex-col gap-3 px-4 py-4 sm:px-6 md:min-h-0">
      <InvitationsHeader
        orgName={orgName}
        api={list?.api}
        summary={list ? summary : undefined}
        loading={!hydrated || invitations.isPending}
        shown={hasActiveFilters(view) ? visible.length : undefined}
        action={
          <div className="flex items-center gap-2">
            {invitePermission.reason ? (
              <span id="invite-refused" className="hidden max-w-64 text-xs text-muted sm:inline">
                {invitePermission.reason}
              </span>
            ) : null}
            <Button
              ref={inviteButtonRef}
              variant="primary"
              onClick={openInvite}
              disabled={!invitePermission.allowed}
              title={invitePermission.reason ?? undefined}
              aria-describedby={invitePermission.reason ? "invite-refused" : undefined}
            >
              <PlusIcon />
              Invite people
            </Button>
          </div>
        }
      />
      <div ref={searchRef}>
        <InvitationsToolbar
          params={params}
          onChange={updateParams}
          onClear={onClear}
          teams={teamList}
          projects={projectList}
        />
      </div>
      <InvitationsNotices
        refreshError={invitations.isError && list ? invitations.error : undefined}
        namesError={hydrated && (teams.isError || projects.isError)}
        retrying={invitations.isFetching || teams.isFetching || projects.isFetching}
        onRetry={() => {
          if (invitations.isError) void invitations.refetch();
          if (teams.isError) void teams.refetch();
          if (projects.isError) void projects.refetch();
        }}
      />
      {content}
      <InviteDialog
        orgId={orgId}
        orgName={orgName ?? "this organization"}
        open={inviteOpen}
        onOpenChange={setInviteOpen}
        teams={teamList}
        projects={projectList}
        returnFocusFallback={() => inviteButtonRef.current}
      />
      <CancelDialog
        orgId={orgId}
        orgName={orgName ?? "this organization"}
        invitation={toCancel}
        onClose={() => setToCancel(null)}
        fallbackFocus={() => searchRef.current?.querySelector("input")}
      />
    </div>
  );
}
