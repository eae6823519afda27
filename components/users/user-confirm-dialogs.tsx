"use client";

import { toast } from "@/components/ui/toast";
import type { ReactNode } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Email } from "@/components/ui/email";
import type { ConsoleUserRow } from "@/lib/schemas/users";
import { useResetTwoFactor, useUpdateUser } from "@/lib/api-client/users/mutations";

interface UserDialogProps {
  user: ConsoleUserRow;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** A confirmation naming the person, for a change that ends their sessions: never one stray click. */
function UserConfirmDialog({
  user,
  open,
  onOpenChange,
  question,
  run,
  pending,
  done,
  ...copy
}: UserDialogProps & {
  /** Before the address in the title ("Deactivate"). */
  question: string;
  run: () => Promise<unknown>;
  pending: boolean;
  /** The toast after it went through. */
  done: string;
  description: string;
  note: ReactNode;
  keepLabel: string;
  confirmLabel: string;
  errorPrefix: string;
  failureMessage: string;
}) {
  return (
    <ConfirmDialog
      open={open}
      title={
        <>
          {question} <Email address={user.email} />?
        </>
      }
      {...copy}
      pending={pending}
      onConfirm={async () => {
        await run();
        toast.success(done);
        onOpenChange(false);
      }}
      onClose={() => onOpenChange(false)}
    />
  );
}

/** Deactivation ends their sessions at once and stops every way of signing in. */
export function DeactivateUserDialog(props: UserDialogProps) {
  const update = useUpdateUser(props.user.id);
  return (
    <UserConfirmDialog
      {...props}
      question="Deactivate"
      description="Their sessions end at once, and they can no longer sign in, by password or by single sign-on."
      note="What they did stays in the audit log. You can reactivate them later; their role is kept."
      keepLabel="Keep active"
      confirmLabel="Deactivate user"
      run={() => update.mutateAsync({ active: false })}
      pending={update.isPending}
      done={`${props.user.email} is deactivated; their sessions ended.`}
      errorPrefix="Not deactivated"
      failureMessage="The change did not go through."
    />
  );
}

/** For someone who lost their authenticator and recovery codes; ends their sessions. */
export function ResetTwoFactorDialog(props: UserDialogProps) {
  const reset = useResetTwoFactor(props.user.id);
  return (
    <UserConfirmDialog
      {...props}
      question="Reset two-factor authentication for"
      description="Their authenticator app and recovery codes stop working and their sessions end."
      note={
        props.user.role === "admin"
          ? "At their next sign-in they must set up two-factor authentication again before anything else."
          : "At their next sign-in they may set up two-factor authentication again."
      }
      keepLabel="Keep it"
      confirmLabel="Reset two-factor"
      run={() => reset.mutateAsync()}
      pending={reset.isPending}
      done={`Two-factor authentication of ${props.user.email} is reset; they set it up at their next sign-in.`}
      errorPrefix="Not reset"
      failureMessage="The reset did not go through."
    />
  );
}
