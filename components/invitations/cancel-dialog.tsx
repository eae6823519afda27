"use client";

import { toast } from "@/components/ui/toast";
import { ApiError } from "@/lib/api-client/errors";
import { isStaleList, useCancelInvitation } from "@/lib/api-client/invitations/mutations";
import type { Invitation } from "@/lib/schemas/invitations";
import { InvitationConfirmDialog } from "./invitation-confirm-dialog";

interface CancelDialogProps {
  orgId: string;
  orgName: string;
  /** The invitation to confirm; null closes the dialog. */
  invitation: Invitation | null;
  onClose: () => void;
  /** Focus target on close when the row's button is gone (the row left the list). */
  fallbackFocus: () => HTMLElement | null | undefined;
  /** After it is cancelled (or found gone already): the drawer showing it closes. */
  onCancelled?: () => void;
}

/** Confirm naming the e-mail; stays open while pending; the row leaves the list optimistically. */
export function CancelDialog(props: CancelDialogProps) {
  const { orgId, orgName, invitation, onClose, fallbackFocus, onCancelled } = props;
  const cancel = useCancelInvitation(orgId);
  const failureMessage = "The invitation could not be cancelled.";

  const confirm = async () => {
    if (!invitation) return;
    try {
      await cancel.mutateAsync(invitation);
      toast.success(`Invitation for ${invitation.email} cancelled.`);
      onCancelled?.();
      onClose();
    } catch (e) {
      if (isStaleList(e)) {
        // Accepted or cancelled meanwhile: not a failure to dwell on; the list refreshes itself (onSettled).
        toast.info(`${e.message} The list was refreshed.`);
        onCancelled?.();
        onClose();
        return;
      }
      toast.error(`Not cancelled: ${e instanceof ApiError ? e.message : failureMessage}`);
      throw e; // shown in the dialog too, which stays open
    }
  };

  return (
    <InvitationConfirmDialog
      invitation={invitation}
      verb="Cancel"
      description={
        invitation?.source === "project"
          ? "This legacy project invitation is withdrawn: its link stops working."
          : `Its link stops working: they can no longer join ${orgName} with it.`
      }
      note="This cannot be undone, but you can send a new invitation at any time."
      keepLabel="Keep invitation"
      confirmLabel="Cancel invitation"
      pending={cancel.isPending}
      onConfirm={confirm}
      errorPrefix="Not cancelled"
      failureMessage={failureMessage}
      pendingAnnouncement="Cancelling the invitation…"
      onClose={onClose}
      returnFocusFallback={fallbackFocus}
    />
  );
}
