"use client";

import { useMemo, type ReactNode } from "react";
import {
  useWatch,
  type Control,
  type FieldError as RhfFieldError,
  type UseFormRegister,
} from "react-hook-form";
import { MAX_INVITE_EMAILS } from "@/lib/schemas/invitations";
import { FieldError, Label, Textarea } from "@/components/ui/field";
import { analyzeEmails, emailsNotes, type EmailList } from "./email-list";
import type { InviteFormValues } from "./invite-form-types";

interface EmailsFieldProps {
  control: Control<InviteFormValues>;
  register: UseFormRegister<InviteFormValues>;
  error?: RhfFieldError;
  /** Re-invite: the address is the row's and cannot change. */
  readOnly?: boolean;
  /** What the dialog knows about the addresses (already pending, members, unknown domains). */
  children?: ReactNode;
}

function countText(list: EmailList): string {
  const n = list.valid.length;
  if (n === 0 && list.invalid.length === 0) {
    return `One or several, separated by commas, spaces or new lines (up to ${MAX_INVITE_EMAILS}).`;
  }
  const parts = [`${n} ${n === 1 ? "address" : "addresses"}`];
  if (list.duplicates > 0) {
    parts.push(`${list.duplicates} repeated ${list.duplicates === 1 ? "entry" : "entries"} counted once`);
  }
  return `${parts.join(", ")}: each gets its own invitation with the roles below.`;
}

/**
 * The addresses box: a live count after normalising and de-duplicating, and what is not an address, apart.
 * After Send, a refusal the notes already show is not repeated: the note itself becomes the field's error
 * (id invite-emails-error), so each problem is said once.
 */
export function EmailsField({ control, register, error, readOnly = false, children }: EmailsFieldProps) {
  const text = useWatch({ control, name: "emails" }) ?? "";
  const list = useMemo(() => analyzeEmails(text), [text]);
  const notes = emailsNotes(list, error?.message);
  const errorOn = error ? (notes.invalid ? "invalid" : notes.tooMany ? "tooMany" : "error") : null;
  const invalidId = errorOn === "invalid" ? "invite-emails-error" : "invite-emails-invalid";
  const batchesId = errorOn === "tooMany" ? "invite-emails-error" : "invite-emails-batches";
  const describedBy = ["invite-emails-count"];
  if (notes.invalid) describedBy.push(invalidId);
  if (notes.tooMany) describedBy.push(batchesId);
  if (notes.error) describedBy.push("invite-emails-error");
  return (
    <div className="flex flex-col gap-1.5" data-field="emails">
      <Label htmlFor="invite-emails">{readOnly ? "E-mail address" : "E-mail addresses"}</Label>
      <Textarea
        id="invite-emails"
        rows={readOnly ? 1 : 3}
        readOnly={readOnly}
        className={readOnly ? "resize-none bg-subtle" : undefined}
        placeholder="ada@example.com, grace@example.com"
        autoComplete="off"
        spellCheck={false}
        aria-invalid={!!error || undefined}
        aria-describedby={describedBy.join(" ")}
        {...register("emails")}
      />
      <p id="invite-emails-count" className="text-xs text-muted" aria-live="polite">
        {readOnly ? "A re-invite goes to the same address." : countText(list)}
      </p>
      {notes.invalid ? (
        <p
          id={invalidId}
          className={`break-all text-danger ${errorOn === "invalid" ? "text-sm font-medium" : "text-xs"}`}
        >
          {notes.invalid}
        </p>
      ) : null}
      {notes.tooMany ? (
        <p id={batchesId} className="rounded-md bg-warn-soft px-2.5 py-1.5 text-xs text-on-warn-soft">
          {notes.tooMany}
        </p>
      ) : null}
      <FieldError id="invite-emails-error" message={notes.error ?? undefined} />
      {children}
    </div>
  );
}
