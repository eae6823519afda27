"use client";

import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
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
    <ConfirmDialog
      open={open}
      title={`Deactivate ${user.email}?`}
      description="Their sessions end at once, and they can no longer sign in, by password or by single sign-on."
      note="What they did stays in the audit log. You can reactivate them later; their role is kept."
      keepLabel="Keep active"
      confirmLabel="Deactivate user"
      pending={update.isPending}
      error={error}
      errorPrefix="Not deactivated"
      onConfirm={confirm}
      onClose={() => {
        setError(null);
        onOpenChange(false);
      }}
    />
  );
}
