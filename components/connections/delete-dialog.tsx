"use client";

import { useRef, useState } from "react";
import { toast } from "sonner";
import { useDeleteConnection } from "@/lib/api-client/connections";
import { ApiError } from "@/lib/api-client/errors";
import type { Connection } from "@/lib/schemas/connections";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogFooter } from "@/components/ui/dialog";

/** Confirm naming the connection; stays open while pending. */
export function DeleteConnectionDialog({
  connection,
  open,
  onOpenChange,
}: {
  connection: Connection;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const remove = useDeleteConnection(connection.id);
  const [error, setError] = useState<string | null>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const pending = remove.isPending;
  const close = () => {
    if (pending) return;
    setError(null);
    onOpenChange(false);
  };
  const confirm = () => {
    setError(null);
    remove.mutate(undefined, {
      onSuccess: () => {
        toast.success(`Connection “${connection.name}” deleted.`);
        onOpenChange(false);
      },
      onError: (e) => setError(e instanceof ApiError ? e.message : "The connection could not be deleted."),
    });
  };
  return (
    <Dialog open={open} onOpenChange={(next) => !next && close()}>
      <DialogContent
        role="alertdialog"
        title={`Delete the connection “${connection.name}”?`}
        description="Its encrypted secret is erased. Orgs only this connection sees leave the console."
        closeDisabled={pending}
        onOpenAutoFocus={(e) => {
          e.preventDefault();
          keepRef.current?.focus();
        }}
        onEscapeKeyDown={(e) => pending && e.preventDefault()}
        onInteractOutside={(e) => pending && e.preventDefault()}
      >
        <DialogBody className="space-y-3 py-3">
          <p className="text-sm text-muted">
            The service account itself stays in Atlas; delete or disable it there if it is no longer needed.
          </p>
          {error ? (
            <p role="alert" className="rounded-md bg-danger-soft px-3 py-2 text-sm text-on-danger-soft">
              Not deleted: {error}
            </p>
          ) : null}
        </DialogBody>
        <DialogFooter>
          <Button ref={keepRef} disabled={pending} onClick={close}>
            Keep connection
          </Button>
          <Button variant="danger" pending={pending} onClick={confirm}>
            Delete connection
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
