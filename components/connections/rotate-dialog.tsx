"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { useRotateSecret } from "@/lib/api-client/connections/mutations";
import { ApiError } from "@/lib/api-client/errors";
import { rotateSecretSchema, type RotateSecretInput } from "@/lib/schemas/connections";
import { Dialog, DialogBody, DialogContent } from "@/components/ui/dialog";
import { FieldError, FieldHint, Input, Label } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { FormFooter } from "@/components/ui/form-footer";
import type { ConnectionDialogProps } from "./connection-dialog-props";

/** Replace the stored secret (after creating a new one in Atlas); the old secret's cached token is dropped. */
export function RotateSecretDialog({ connection, open, onOpenChange }: ConnectionDialogProps) {
  const form = useForm<RotateSecretInput>({
    resolver: zodResolver(rotateSecretSchema),
    defaultValues: { clientSecret: "" },
  });
  const rotate = useRotateSecret(connection.id);
  const [message, setMessage] = useState<string | null>(null);
  const error = form.formState.errors.clientSecret?.message;

  const onValid = ({ clientSecret }: RotateSecretInput) => {
    setMessage(null);
    rotate.mutate(clientSecret, {
      onSuccess: ({ connection: saved }) => {
        toast.success(
          `Secret of “${saved.name}” replaced (ends in ${saved.secretLast4 ?? "…"}). Test it now.`,
        );
        form.reset({ clientSecret: "" });
        onOpenChange(false);
      },
      onError: (e) => {
        const text =
          e instanceof ApiError ? (e.fields?.clientSecret ?? e.message) : "The secret was not replaced.";
        if (e instanceof ApiError && e.fields?.clientSecret) form.setError("clientSecret", { message: text });
        else setMessage(text);
      },
    });
  };

  return (
    <Dialog open={open} onOpenChange={(next) => !rotate.isPending && onOpenChange(next)}>
      <DialogContent
        title={`Rotate the secret of “${connection.name}”`}
        description="Create a new secret for this service account in Atlas, paste it here, then revoke the old one in Atlas."
        closeDisabled={rotate.isPending}
        onOpenAutoFocus={(e) => {
          e.preventDefault();
          form.setFocus("clientSecret");
        }}
      >
        <form
          onSubmit={(e) => void form.handleSubmit(onValid)(e)}
          noValidate
          className="flex min-h-0 flex-1 flex-col"
          aria-label="Rotate secret"
        >
          <DialogBody className="flex flex-col gap-1.5">
            <Label htmlFor="rotate-secret">New client secret</Label>
            <Input
              id="rotate-secret"
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              aria-invalid={error ? true : undefined}
              aria-describedby="rotate-secret-hint rotate-secret-error"
              {...form.register("clientSecret")}
            />
            <FieldHint id="rotate-secret-hint">
              The current secret ends in {connection.secretLast4 ?? "…"}. Write-only: it is never shown again.
            </FieldHint>
            <FieldError id="rotate-secret-error" message={error} />
            <FormAlert message={message} className="mt-2" />
          </DialogBody>
          <FormFooter
            closeDisabled={rotate.isPending}
            pending={rotate.isPending}
            submitLabel="Replace secret"
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}
