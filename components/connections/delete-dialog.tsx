"use client";

import { useState } from "react";
import { toast } from "sonner";
import { useDeleteConnection } from "@/lib/api-client/connections";
import { ApiError } from "@/lib/api-client/errors";
import type { Connection } from "@/lib/schemas/connections";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

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
    <ConfirmDialog
      open={open}
      title={`Delete the connection “${connection.name}”?`}
      description="Its encrypted secret is erased. Orgs only this connection sees leave the console."
      note="The service account itself stays in Atlas; delete or disable it there if it is no longer needed."
      keepLabel="Keep connection"
      confirmLabel="Delete connection"
      pending={remove.isPending}
      error={error}
      errorPrefix="Not deleted"
      onConfirm={confirm}
      onClose={() => {
        setError(null);
        onOpenChange(false);
      }}
    />
  );
}
