"use client";

import {
  useWatch,
  type Control,
  type FieldError as RhfFieldError,
  type UseFormRegister,
} from "react-hook-form";
import { splitEmails } from "@/lib/schemas/invitations";
import { FieldError, Label, Textarea } from "@/components/ui/field";
import type { InviteFormValues } from "./invite-form-types";

interface EmailsFieldProps {
  control: Control<InviteFormValues>;
  register: UseFormRegister<InviteFormValues>;
  error?: RhfFieldError;
}

export function EmailsField({ control, register, error }: EmailsFieldProps) {
  const count = splitEmails(useWatch({ control, name: "emails" }) ?? "").length;
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor="invite-emails">E-mail addresses</Label>
      <Textarea
        id="invite-emails"
        rows={3}
        placeholder="ada@example.com, grace@example.com"
        autoComplete="off"
        spellCheck={false}
        aria-invalid={!!error || undefined}
        aria-describedby={error ? "invite-emails-count invite-emails-error" : "invite-emails-count"}
        {...register("emails")}
      />
      <p id="invite-emails-count" className="text-xs text-muted">
        {count === 0
          ? "One or several, separated by commas, spaces or new lines (up to 50)."
          : `${count} ${count === 1 ? "address" : "addresses"}: each gets its own invitation with the roles below.`}
      </p>
      <FieldError id="invite-emails-error" message={error?.message} />
    </div>
  );
}
