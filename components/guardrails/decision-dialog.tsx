"use client";

import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FieldHint, Label, Textarea } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { ApiError } from "@/lib/api-client/errors";
import { useDecideApproval } from "@/lib/api-client/approvals/mutations";
import type { Approval } from "@/lib/schemas/approvals";

/** Approve or deny one request with a reason; stays open while the decision (and the Atlas call) runs. */
export function DecisionDialog({
  orgId,
  approval,
  verb,
  onClose,
}: {
  orgId: string;
  approval: Approval;
  verb: "approve" | "deny";
  onClose: () => void;
}) {
  const decide = useDecideApproval(orgId);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const title = `${verb === "approve" ? "Approve" : "Deny"} the invitation for ${approval.email}?`;

  const submit = async () => {
    setError(null);
    setFieldError(null);
    if (!reason.trim()) {
      setFieldError("Say why: it is recorded with your decision.");
      return;
    }
    try {
      const { approval: done } = await decide.mutateAsync({ id: approval.id, verb, reason: reason.trim() });
      if (done.status === "sent") toast.success(`Approved: invitation sent to ${done.email}.`);
      else if (done.status === "failed")
        toast.error(`Approved, but not sent: ${done.result?.message ?? "Atlas refused it."}`);
      else toast.success(`Denied: ${done.email} is not invited.`);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.fields?.reason) setFieldError(e.fields.reason);
      else setError(e instanceof ApiError ? e.message : "The console did not answer. Try again.");
    }
  };

  return (
    <Dialog open onOpenChange={(open) => !open && !decide.isPending && onClose()}>
      <DialogContent title={title} closeDisabled={decide.isPending}>
        <DialogBody className="space-y-3">
          <FormAlert message={error} />
          <p className="text-sm text-muted">
            Requested by {approval.requestedByEmail}
            {approval.requestReason ? `: “${approval.requestReason}”` : ""}.{" "}
            {verb === "approve" ? "Approving sends the invitation to Atlas now, as you." : ""}
          </p>
          <div className="space-y-1.5">
            <Label htmlFor="decision-reason">Your reason</Label>
            <Textarea
              id="decision-reason"
              rows={3}
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby="decision-reason-hint decision-reason-error"
            />
            <FieldHint id="decision-reason-hint">Recorded in the audit log with both names.</FieldHint>
            {fieldError ? (
              <p id="decision-reason-error" className="text-xs text-danger">
                {fieldError}
              </p>
            ) : null}
          </div>
        </DialogBody>
        <DialogFooter>
          <Button onClick={onClose} disabled={decide.isPending}>
            Keep waiting
          </Button>
          <Button
            variant={verb === "approve" ? "primary" : "danger"}
            onClick={() => void submit()}
            disabled={decide.isPending}
          >
            {decide.isPending
              ? verb === "approve"
                ? "Approving…"
                : "Denying…"
              : verb === "approve"
                ? "Approve and send"
                : "Deny"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
