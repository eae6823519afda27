"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, type ComponentProps } from "react";
import { usePermission } from "@/components/auth/session-context";
import { AwaitingApproval } from "@/components/guardrails/awaiting-approval";
import { invitationsQuery } from "@/lib/api-client/invitations/queries";
import { isComplete } from "@/lib/invitations/list-stream";
import { toRows, type NameLookup } from "@/lib/invitations/list-model";
import { useInvitationDialogs } from "./invitation-dialogs";
import { InvitationsEmpty } from "./invitations-states";
import { TabList } from "./tab-list";
import { UnfinishedRenewals } from "./unfinished-renewals";

/**
 * Atlas's live pending list in the list's row model. Fetched only while Pending is shown; `liveCount` is the
 * Pending badge's number on every tab once the page holds the whole list. The list streams
 * (lib/api-client/invitations/queries.ts): `progress` is set while only its first pages are in; a list that
 * failed part-way is not shown at all (its error is), never as if it were whole.
 */
export function usePendingList(
  orgId: string,
  {
    active,
    hydrated,
    teams,
    projects,
  }: { active: boolean; hydrated: boolean; teams: NameLookup; projects: NameLookup },
) {
  const query = useQuery({ ...invitationsQuery(orgId), enabled: active });
  // Until hydrated, render as the server did (no data), whatever the cache already holds.
  const held = hydrated && active ? query.data : undefined;
  const data = held?.progress && (query.isError || held.invitations.length === 0) ? undefined : held;
  const rows = useMemo(() => toRows(data?.invitations ?? [], teams, projects), [data, teams, projects]);
  const liveCount = hydrated && isComplete(query.data) ? query.data.invitations.length : undefined;
  return { query, data, rows, liveCount, progress: data?.progress };
}

type PendingTabProps = Omit<ComponentProps<typeof TabList>, "tab" | "empty" | "entries"> & {
  orgName: string | undefined;
};

/** The Pending tab: renewals left unfinished, invitations awaiting approval, then Atlas's live list (empty: an invitation to invite). */
export function PendingTab({ orgName, ...list }: PendingTabProps) {
  const dialogs = useInvitationDialogs();
  const invitePermission = usePermission("invitations.create");
  return (
    <>
      {list.hydrated ? <UnfinishedRenewals orgId={list.orgId} /> : null}
      {list.hydrated ? <AwaitingApproval orgId={list.orgId} /> : null}
      <TabList
        {...list}
        tab="pending"
        empty={
          <InvitationsEmpty
            orgName={orgName ?? "this organization"}
            onInvite={invitePermission.allowed ? () => dialogs.open({ kind: "invite" }) : undefined}
          />
        }
      />
    </>
  );
}
