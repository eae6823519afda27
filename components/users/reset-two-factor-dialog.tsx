"use client";

import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ConsoleUserRow } from "@/lib/schemas/users";
import { useResetTwoFactor } from "@/lib/api-client/users/mutations";
import { Email } from "@/components/ui/email";

/** For someone who lost their authenticator and recovery codes; names the person, ends their sessions. */
export function ResetTwoFactorDialog({
  user,
  open,
  onOpenChange,
}: {
  user: ConsoleUserRow;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const reset = useResetTwoFactor(user.id);
  return (
    <ConfirmDialog
      open={open}
      title={
        <>
          Reset two-factor authentication for <Email address={user.email} />?
        </>
      }
      description="Their authenticator app and recovery codes stop working and their sessions end."
      note={
        user.role === "admin"
          ? "At their next sign-in they must set up two-factor authentication again before anything else."
          : "At their next sign-in they may set up two-factor authentication again."
      }
      keepLabel="Keep it"
      confirmLabel="Reset two-factor"
      pending={reset.isPending}
      onConfirm={async () => {
        await reset.mutateAsync();
        toast.success(
          `Two-factor authentication of ${user.email} is reset; they set it up at their next sign-in.`,
        );
        onOpenChange(false);
      }}
      errorPrefix="Not reset"
      failureMessage="The reset did not go through."
      onClose={() => onOpenChange(false)}
    />
  );
}
