"use client";

import { useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { ApiError } from "@/lib/api-client/errors";
import type { ConsoleUserRow } from "@/lib/schemas/users";
import { useUpdateUser } from "./users-api";

/** Confirm naming the person: deactivation ends their sessions at once, so it is never one stray click. */
export function DeactivateUserDialog({
  user,
  open,
  onOpenChange,
}: {
  user: ConsoleUserRow;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const update = useUpdateUser(user.id);
  const [error, setError] = useState<string | null>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const pending = update.isPending;
  const close = () => {
    if (pending) return;
    setError(null);
    onOpenChange(false);
  };
  const confirm = () => {
    setError(null);
    update.mutate(
      { active: false },
      {
        onSuccess: () => {
          toast.success(`${user.email} is deactivated; their sessions ended.`);
          onOpenChange(false);
        },
        onError: (e) => setError(e instanceof ApiError ? e.message : "The change did not go through."),
      },
    );
  };
  return (
    <Dialog open={open} onOpenChange={(next) => !next && close()}>
      <DialogContent
        role="alertdialog"
        title={`Deactivate ${user.email}?`}
        description="Their sessions end at once, and they can no longer sign in, by password or by single sign-on."
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
            What they did stays in the audit log. You can reactivate them later; their role is kept.
          </p>
          {error ? (
            <p role="alert" className="rounded-md bg-danger-soft px-3 py-2 text-sm text-on-danger-soft">
              Not deactivated: {error}
            </p>
          ) : null}
        </DialogBody>
        <DialogFooter>
          <Button ref={keepRef} disabled={pending} onClick={close}>
            Keep active
          </Button>
          <Button variant="danger" pending={pending} onClick={confirm}>
            Deactivate user
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
