"use client";

import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ConsoleUserRow } from "@/lib/schemas/users";
import { useUpdateUser } from "@/lib/api-client/users/mutations";
import { Email } from "@/components/ui/email";

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
  return (
    <ConfirmDialog
      open={open}
      title={
        <>
          Deactivate <Email address={user.email} />?
        </>
      }
      description="Their sessions end at once, and they can no longer sign in, by password or by single sign-on."
      note="What they did stays in the audit log. You can reactivate them later; their role is kept."
      keepLabel="Keep active"
      confirmLabel="Deactivate user"
      pending={update.isPending}
      onConfirm={async () => {
        await update.mutateAsync({ active: false });
        toast.success(`${user.email} is deactivated; their sessions ended.`);
        onOpenChange(false);
      }}
      errorPrefix="Not deactivated"
      failureMessage="The change did not go through."
      onClose={() => onOpenChange(false)}
    />
  );
}
