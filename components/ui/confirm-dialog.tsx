"use client";

import type { ReactNode } from "react";
import { useRef, useState } from "react";
import { ApiError } from "@/lib/api-client/errors";
import { Button } from "./button";
import { Dialog, DialogBody, DialogContent, DialogFooter } from "./dialog";
import { ErrorMessage } from "./error-message";
import { FormAlert } from "./form-alert";

export interface ConfirmDialogProps {
  open: boolean;
  /**
   * Names what is about to happen and to whom: "Cancel the invitation for ada@example.com?" (an address in
   * components/ui/email.tsx's Email, so that it wraps without breaking at its hyphen).
   */
  title: ReactNode;
  description: string;
  /** A further line under the description (what stays, what can be undone). */
  note?: ReactNode;
  keepLabel: string;
  confirmLabel: string;
  pending: boolean;
  /**
   * Runs the action. Resolving means done (the caller closes the dialog); a rejection is shown in place as
   * "<errorPrefix>: <message>" (the API's message, else `failureMessage`) and the dialog stays open for a retry.
   */
  onConfirm: () => Promise<void>;
  errorPrefix: string;
  failureMessage: string;
  /** Read out by screen readers while pending. */
  pendingAnnouncement?: string;
  /** The user closed the dialog (never called while pending). */
  onClose: () => void;
  returnFocusFallback?: () => HTMLElement | null | undefined;
}

/**
 * The console's one confirmation for destructive actions: an alertdialog whose safe button has the focus (Enter
 * on open changes nothing), which cannot be dismissed while the action runs, and which shows a failure in place.
 */
export function ConfirmDialog({
  open,
  title,
  description,
  note,
  keepLabel,
  confirmLabel,
  pending,
  onConfirm,
  errorPrefix,
  failureMessage,
  pendingAnnouncement,
  onClose,
  returnFocusFallback,
}: ConfirmDialogProps) {
  const keepRef = useRef<HTMLButtonElement>(null);
  // An API refusal keeps its code (components/ui/error-message.tsx says what to do next); anything else is
  // `failureMessage`.
  const [error, setError] = useState<Error | null>(null);
  const close = () => {
    if (pending) return;
    setError(null);
    onClose();
  };
  const confirm = () => {
    setError(null);
    onConfirm().catch((e: unknown) => setError(e instanceof ApiError ? e : new Error(failureMessage)));
  };
  return (
    <Dialog open={open} onOpenChange={(next) => !next && close()}>
      {open ? (
        <DialogContent
          role="alertdialog"
          title={title}
          description={description}
          closeDisabled={pending}
          onOpenAutoFocus={(e) => {
            e.preventDefault();
            keepRef.current?.focus();
          }}
          returnFocusFallback={returnFocusFallback}
          onEscapeKeyDown={(e) => pending && e.preventDefault()}
          onInteractOutside={(e) => pending && e.preventDefault()}
        >
          <DialogBody className="space-y-3 py-3">
            {note ? <p className="text-sm text-muted">{note}</p> : null}
            <FormAlert
              message={
                error ? (
                  <>
                    {errorPrefix}: <ErrorMessage error={error} />
                  </>
                ) : null
              }
            />
            {pendingAnnouncement ? (
              <p aria-live="polite" className="sr-only">
                {pending ? pendingAnnouncement : ""}
              </p>
            ) : null}
          </DialogBody>
          <DialogFooter>
            <Button ref={keepRef} disabled={pending} onClick={close}>
              {keepLabel}
            </Button>
            <Button variant="danger" pending={pending} onClick={confirm}>
              {confirmLabel}
            </Button>
          </DialogFooter>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}
