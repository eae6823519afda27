"use client";

import { toast } from "@/components/ui/toast";
import { useDeleteConnection } from "@/lib/api-client/connections/mutations";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ConnectionDialogProps } from "./connection-dialog-props";

/** Confirm naming the connection; stays open while pending. */
export function DeleteConnectionDialog({ connection, open, onOpenChange }: ConnectionDialogProps) {
  const remove = useDeleteConnection(connection.id);
  return (
    <ConfirmDialog
      open={open}
      title={`Delete the connection “${connection.name}”?`}
      description="Its encrypted secret is erased. The organizations it serves are not moved to another connection: they show “no working connection” until an admin chooses one."
      note="The service account itself stays in Atlas; delete or disable it there if it is no longer needed."
      keepLabel="Keep connection"
      confirmLabel="Delete connection"
      pending={remove.isPending}
      onConfirm={async () => {
        await remove.mutateAsync();
        toast.success(`Connection “${connection.name}” deleted.`);
        onOpenChange(false);
      }}
      errorPrefix="Not deleted"
      failureMessage="The connection could not be deleted."
      onClose={() => onOpenChange(false)}
    />
  );
}
