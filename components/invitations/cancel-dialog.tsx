"use client";

import { useRef, useState } from "react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/errors";
import { isAlreadyGone, useCancelInvitation } from "@/lib/api-client/mutations";
import type { Invitation } from "@/lib/schemas/invitations";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogFooter } from "@/components/ui/dialog";

interface CancelDialogProps {
  orgId: string;
  orgName: string;
  /** The invitation to confirm; null closes the dialog. */
  invitation: Invitation | null;
  onClose: () => void;
  /** Focus target on close when the row's button is gone (the row left the list). */
  fallbackFocus: () => HTMLElement | null | undefined;
}

/** F4: confirm naming the e-mail; stays open while pending; the row leaves the list optimistically. */
export function CancelDialog({ orgId, orgName, invitation, onClose, fallbackFocus }: CancelDialogProps) {
  const cancel = useCancelInvitation(orgId);
  const [error, setError] = useState<string | null>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const pending = cancel.isPending;

  const close = () => {
    if (pending) return;
    setError(null);
    onClose();
  };

  const confirm = () => {
    if (!invitation) return;
    setError(null);
    cancel.mutate(invitation, {
      onSuccess: () => {
        toast.success(`Invitation for ${invitation.email} cancelled.`);
        onClose();
      },
      onError: (e) => {
        if (isAlreadyGone(e)) {
          // Accepted or cancelled meanwhile: not a failure to dwell on; the list refreshes itself.
          toast.info(e.message);
          onClose();
          return;
        }
        const message = e instanceof ApiError ? e.message : "The invitation could not be cancelled.";
        toast.error(`Not cancelled: ${message}`);
        setError(message);
      },
    });
  };

  return (
    <Dialog open={invitation !== null} onOpenChange={(open) => !open && close()}>
      {invitation ? (
        <DialogContent
          role="alertdialog"
          title={`Cancel the invitation for ${invitation.email}?`}
          description={
            invitation.source === "project"
              ? "This legacy project invitation is withdrawn: its link stops working."
              : `Its link stops working: they can no longer join ${orgName} with it.`
          }
          closeDisabled={pending}
          onOpenAutoFocus={(e) => {
            // The safe choice first: Enter on open must not cancel anything.
            e.preventDefault();
            keepRef.current?.focus();
          }}
          returnFocusFallback={fallbackFocus}
          onEscapeKeyDown={(e) => pending && e.preventDefault()}
          onInteractOutside={(e) => pending && e.preventDefault()}
        >
          <DialogBody className="space-y-3 py-3">
            <p className="text-sm text-muted">
              This cannot be undone, but you can send a new invitation at any time.
            </p>
            {error ? (
              <p role="alert" className="rounded-md bg-danger-soft px-3 py-2 text-sm text-on-danger-soft">
                Not cancelled: {error}
              </p>
            ) : null}
            <p aria-live="polite" className="sr-only">
              {pending ? "Cancelling the invitation…" : ""}
            </p>
          </DialogBody>
          <DialogFooter>
            <Button ref={keepRef} disabled={pending} onClick={close}>
              Keep invitation
            </Button>
            <Button variant="danger" pending={pending} onClick={confirm}>
              Cancel invitation
            </Button>
          </DialogFooter>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}
