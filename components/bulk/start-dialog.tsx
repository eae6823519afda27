"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { ErrorMessage } from "@/components/ui/error-message";
import { FormAlert } from "@/components/ui/form-alert";
import { ApiError } from "@/lib/api-client/errors";
import type { BulkRun } from "@/lib/schemas/bulk";
import { startConfirmText } from "./bulk-text";

/**
 * Start asks first: it sends real invitations. The dialog names how many, the approvals it requests and how
 * long it takes; it cannot be dismissed while the start is pending, and shows a refusal in place.
 */
export function StartDialog({
  run,
  open,
  pending,
  onStart,
  onClose,
  returnFocusFallback,
}: {
  run: BulkRun;
  open: boolean;
  pending: boolean;
  /** Resolves once started (the caller closes the dialog); a rejection is shown here. */
  onStart: () => Promise<void>;
  onClose: () => void;
  returnFocusFallback?: () => HTMLElement | null | undefined;
}) {
  const keepRef = useRef<HTMLButtonElement>(null);
  const [error, setError] = useState<Error | null>(null);
  const text = startConfirmText(run);
  const close = () => {
    if (pending) return;
    setError(null);
    onClose();
  };
  return (
    <Dialog open={open} onOpenChange={(next) => !next && close()}>
      {open ? (
        <DialogContent
          role="alertdialog"
          title={text.title}
          description={text.description}
          closeDisabled={pending}
          returnFocusFallback={returnFocusFallback}
          onOpenAutoFocus={(e) => {
            e.preventDefault();
            keepRef.current?.focus();
          }}
          onEscapeKeyDown={(e) => pending && e.preventDefault()}
          onInteractOutside={(e) => pending && e.preventDefault()}
        >
          <DialogBody className="space-y-3 py-3">
            <ul className="list-disc space-y-1 pl-5 text-sm">
              {text.lines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
            <FormAlert
              message={
                error ? (
                  <>
                    Not started: <ErrorMessage error={error} />
                  </>
                ) : null
              }
            />
            <p aria-live="polite" className="sr-only">
              {pending ? "Starting…" : ""}
            </p>
          </DialogBody>
          <DialogFooter>
            <Button ref={keepRef} disabled={pending} onClick={close}>
              Not now
            </Button>
            <Button
              variant="primary"
              pending={pending}
              onClick={() => {
                setError(null);
                onStart().catch((e: unknown) =>
                  setError(e instanceof ApiError ? e : new Error("The run could not be started.")),
                );
              }}
            >
              {text.confirmLabel}
            </Button>
          </DialogFooter>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}
