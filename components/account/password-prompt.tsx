"use client";

import { useState, type FormEvent } from "react";
import { Input, Label } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { FormFooter } from "@/components/ui/form-footer";

/** The password step of a dialog: better-auth asks for it again before any second-factor change. */
export function PasswordPrompt({
  id,
  submitLabel,
  danger,
  pending,
  message,
  onSubmit,
}: {
  id: string;
  submitLabel: string;
  danger?: boolean;
  pending: boolean;
  message: string | null;
  onSubmit: (password: string) => void;
}) {
  const [password, setPassword] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(password);
  };
  return (
    <form onSubmit={submit} noValidate>
      <div className="flex flex-col gap-3 px-5 py-4">
        <FormAlert message={message} />
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={id}>Your password</Label>
          <Input
            id={id}
            type="password"
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
      </div>
      <FormFooter
        closeLabel="Cancel"
        closeDisabled={pending}
        submitLabel={submitLabel}
        danger={danger}
        pending={pending}
      />
    </form>
  );
}
