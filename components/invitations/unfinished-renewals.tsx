"use client";

import { useQuery } from "@tanstack/react-query";
import { toast } from "@/components/ui/toast";
import { useSessionUser } from "@/components/auth/session-context";
import { ApiError } from "@/lib/api-client/errors";
import { renewalsQuery } from "@/lib/api-client/invitations/queries";
import { useRenewInvitation } from "@/lib/api-client/invitations/mutations";
import { invitationChangeRefusal } from "@/lib/permissions";
import type { UnfinishedRenewal } from "@/lib/schemas/invitation-edit";
import { Button } from "@/components/ui/button";
import { DisabledReason } from "@/components/ui/disabled-reason";
import { AlertIcon } from "@/components/ui/icons";

/**
 * Renews that stopped between the cancel and the new invitation (a crash, Atlas refusing the create). Atlas
 * no longer lists the old invitation, so these come from the console's ledger, with their grants; one click
 * finishes each (the server creates at most one invitation).
 */
export function UnfinishedRenewals({ orgId }: { orgId: string }) {
  const renewals = useQuery(renewalsQuery(orgId));
  const list = renewals.data?.renewals ?? [];
  if (list.length === 0) return null;
  return (
    <section
      aria-labelledby="unfinished-renewals-title"
      className="rounded-md border border-line bg-warn-soft px-3 py-2 text-sm text-on-warn-soft"
    >
      <h2 id="unfinished-renewals-title" className="flex items-center gap-2 font-medium">
        <AlertIcon className="shrink-0" />
        {list.length === 1 ? "A renew stopped half-way" : `${list.length} renews stopped half-way`}
      </h2>
      <ul className="mt-1 flex flex-col gap-1">
        {list.map((r) => (
          <UnfinishedRow key={r.ledgerId} orgId={orgId} renewal={r} />
        ))}
      </ul>
    </section>
  );
}

function UnfinishedRow({ orgId, renewal }: { orgId: string; renewal: UnfinishedRenewal }) {
  const finish = useRenewInvitation(orgId);
  const user = useSessionUser();
  // The server finishes a renew of an Owner or Billing Admin invitation for admins only (lib/permissions.ts).
  const refused = user
    ? invitationChangeRefusal(user.role, "finish-renew", renewal.grants.orgRoles)
    : "Sign in to do this.";
  const reasonId = `finish-renew-${renewal.ledgerId}-refused`;
  const what =
    renewal.step === "started"
      ? "the old invitation may already be cancelled and no new one was sent"
      : "the old invitation was cancelled and no new one was sent yet";
  return (
    <li className="flex flex-wrap items-center justify-between gap-2">
      <span className="min-w-0 break-words">
        <span className="font-medium">{renewal.email}</span>: {what}. Its roles are kept.
      </span>
      <Button
        size="sm"
        pending={finish.isPending}
        disabled={refused !== null}
        aria-describedby={refused ? reasonId : undefined}
        aria-label={`Finish renew for ${renewal.email}`}
        onClick={() =>
          // mutateAsync: the refetch removes this renewal's row before the mutation settles (mutate's
          // callbacks would not run once it is unmounted).
          finish.mutateAsync({ id: renewal.invitationId, source: renewal.source }).then(
            () => toast.success(`Renew of ${renewal.email} finished: a new invitation was sent.`),
            (e: unknown) =>
              toast.error(`Not finished: ${e instanceof ApiError ? e.message : "try again in a moment."}`),
          )
        }
      >
        Finish renew
      </Button>
      <DisabledReason id={reasonId} reason={refused} className="basis-full text-on-warn-soft" />
    </li>
  );
}
