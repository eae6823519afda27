"use client";

import { ConfirmDialog, type ConfirmDialogProps } from "@/components/ui/confirm-dialog";
import { Email } from "@/components/ui/email";
import type { Invitation } from "@/lib/schemas/invitations";

/** The confirmation of an action on one invitation: open while there is one, its title naming the address. */
export function InvitationConfirmDialog({
  invitation,
  verb,
  ...props
}: Omit<ConfirmDialogProps, "open" | "title"> & {
  /** The invitation to confirm for; null closes the dialog. */
  invitation: Invitation | null;
  /** What the title asks ("Cancel": "Cancel the invitation for ada@example.com?"). */
  verb: string;
}) {
  return (
    <ConfirmDialog
      {...props}
      open={invitation !== null}
      title={
        <>
          {verb} the invitation for <Email address={invitation?.email ?? ""} />?
        </>
      }
    />
  );
}
