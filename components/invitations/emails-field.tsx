"use client";

import { useMemo } from "react";
import {
  useWatch,
  type Control,
  type FieldError as RhfFieldError,
  type UseFormRegister,
} from "react-hook-form";
import { MAX_INVITE_EMAILS } from "@/lib/schemas/invitations";
import { FieldError, Label, Textarea } from "@/components/ui/field";
import { analyzeEmails, type EmailList } from "./email-list";
import type { InviteFormValues } from "./invite-form-types";

interface EmailsFieldProps {
  control: Control<InviteFormValues>;
  register: UseFormRegister<InviteFormValues>;
  error?: RhfFieldError;
  /** Re-invite: the address is the row's and cannot change. */
  readOnly?: boolean;
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

/** The addresses box: a live count after normalising and de-duplicating, and what is not an address, apart. */
export function EmailsField({ control, register, error, readOnly = false }: EmailsFieldProps) {
  const text = useWatch({ control, name: "emails" }) ?? "";
  const list = useMemo(() => analyzeEmails(text), [text]);
  const describedBy = ["invite-emails-count"];
  if (list.invalid.length) describedBy.push("invite-emails-invalid");
  if (list.tooMany) describedBy.push("invite-emails-batches");
  if (error) describedBy.push("invite-emails-error");
  return (
    <div className="flex flex-col gap-1.5">
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
      {list.invalid.length ? (
        <div id="invite-emails-invalid" className="text-xs text-danger">
          <span className="font-medium">
            Not {list.invalid.length === 1 ? "an e-mail address" : "e-mail addresses"} ({list.invalid.length}
            ):
          </span>{" "}
          <span className="break-all">{list.invalid.join(", ")}</span>
        </div>
      ) : null}
      {list.tooMany ? (
        <p
          id="invite-emails-batches"
          className="rounded-md bg-warn-soft px-2.5 py-1.5 text-xs text-on-warn-soft"
        >
          {list.valid.length + list.invalid.length} addresses: one send takes at most {MAX_INVITE_EMAILS}.
          Send them in batches of {MAX_INVITE_EMAILS}: keep the first {MAX_INVITE_EMAILS} here and send, then
          invite the rest the same way.
        </p>
      ) : null}
      <FieldError id="invite-emails-error" message={error?.message} />
    </div>
  );
}
