"use client";

import { toast } from "@/components/ui/toast";
import { ApiError } from "@/lib/api-client/errors";
import { useRenewInvitation } from "@/lib/api-client/invitations/mutations";
import type { Invitation } from "@/lib/schemas/invitations";
import { InvitationConfirmDialog } from "./invitation-confirm-dialog";
import { useNow } from "@/components/ui/use-now";

interface RenewDialogProps {
  orgId: string;
  /** The invitation to renew; null closes the dialog. */
  invitation: Invitation | null;
  onClose: () => void;
  fallbackFocus?: () => HTMLElement | null | undefined;
}

const DAY_MS = 24 * 3600_000;

/**
 * Renew = cancel + a new invitation with the same grants (lib/server/invitations/renew-invitation.ts).
 * Confirms naming the e-mail and the new expiry; stays open while pending; a half-way stop is listed above
 * the table with "Finish renew".
 */
export function RenewDialog({ orgId, invitation, onClose, fallbackFocus }: RenewDialogProps) {
  const renew = useRenewInvitation(orgId);
  const now = useNow();
  const expires = new Date(now + 30 * DAY_MS).toLocaleDateString(undefined, {
    year: "numeric",
    month: "long",
    day: "numeric",
  });
  const confirm = async () => {
    if (!invitation) return;
    try {
      await renew.mutateAsync({ id: invitation.id, source: invitation.source });
      toast.success(`Invitation for ${invitation.email} renewed: a new e-mail is on its way.`);
      onClose();
    } catch (e) {
      toast.error(
        `Not renewed: ${e instanceof ApiError ? e.message : "the invitation could not be renewed."}`,
      );
      throw e;
    }
  };
  return (
    <InvitationConfirmDialog
      invitation={invitation}
      verb="Renew"
      description={`Atlas cancels this invitation and sends ${invitation?.email ?? "them"} a new one with the same roles, teams and project roles. The new invitation expires 30 days from now (${expires}).`}
      note="The old invitation's link stops working. If the console stops half-way, the list offers to finish the renew."
      keepLabel="Keep as is"
      confirmLabel="Renew invitation"
      pending={renew.isPending}
      onConfirm={confirm}
      errorPrefix="Not renewed"
      failureMessage="The invitation could not be renewed."
      pendingAnnouncement="Renewing the invitation…"
      onClose={onClose}
      returnFocusFallback={fallbackFocus}
    />
  );
}
