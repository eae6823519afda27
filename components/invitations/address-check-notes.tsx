"use client";

import { useMemo } from "react";
import { useWatch, type Control, type UseFormSetValue } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { checkAddresses, checkSummary, replaceAddress, withDomain, type KnownPeople } from "./address-check";
import { analyzeEmails } from "./email-list";
import type { InviteFormValues } from "./invite-form-types";

export interface AddressKnowledge {
  people: KnownPeople;
  /** Members could not be read (no permission to read them, Atlas down): said, never guessed. */
  membersUnknown: boolean;
}

function useCheck(control: Control<InviteFormValues>, knowledge: AddressKnowledge) {
  const text = useWatch({ control, name: "emails" }) ?? "";
  const check = useMemo(
    () => checkAddresses(analyzeEmails(text).valid, knowledge.people),
    [text, knowledge.people],
  );
  return { text, check };
}

const list = (a: string[]) => a.join(", ");

/**
 * Under the addresses box, before Send: who is already pending or a member (Send would only report them
 * "Already invited" afterwards), and a domain nobody in the org uses, with the closest one it does use.
 */
export function AddressCheckNotes({
  control,
  setValue,
  knowledge,
}: {
  control: Control<InviteFormValues>;
  setValue: UseFormSetValue<InviteFormValues>;
  knowledge: AddressKnowledge;
}) {
  const { text, check } = useCheck(control, knowledge);
  const { pending, members, unknownDomains } = check;
  if (!pending.length && !members.length && !unknownDomains.length && !knowledge.membersUnknown) return null;
  return (
    <div id="invite-emails-check" className="flex flex-col gap-1.5 text-xs">
      {pending.length ? (
        <p className="rounded-md bg-info-soft px-2.5 py-1.5 text-on-info-soft">
          <span className="font-medium">Already pending ({pending.length}):</span>{" "}
          <span className="break-all">{list(pending)}</span>. Send skips them; renew a pending invitation from
          the list instead.
        </p>
      ) : null}
      {members.length ? (
        <p className="rounded-md bg-info-soft px-2.5 py-1.5 text-on-info-soft">
          <span className="font-medium">
            Already {members.length === 1 ? "a member" : "members"} ({members.length}):
          </span>{" "}
          <span className="break-all">{list(members)}</span>. Send skips them.
        </p>
      ) : null}
      {unknownDomains.map((w) => (
        <div
          key={w.address}
          className="flex flex-wrap items-center gap-x-2 gap-y-1 rounded-md bg-warn-soft px-2.5 py-1.5 text-on-warn-soft"
        >
          <span className="min-w-0 break-all">
            Nobody in this organization uses <span className="font-medium">@{w.domain}</span> ({w.address}).
            {w.suggestion ? (
              <>
                {" "}
                Did you mean <span className="font-medium">@{w.suggestion}</span>?
              </>
            ) : null}
          </span>
          {w.suggestion ? (
            <Button
              size="sm"
              onClick={() =>
                setValue("emails", replaceAddress(text, w.address, withDomain(w.address, w.suggestion!)), {
                  shouldDirty: true,
                  shouldValidate: false,
                })
              }
            >
              Use {withDomain(w.address, w.suggestion)}
            </Button>
          ) : null}
        </div>
      ))}
      {knowledge.membersUnknown ? (
        <p className="text-muted">Members could not be checked: Send will say who already is one.</p>
      ) : null}
    </div>
  );
}

/** The footer's count ("2 new, 1 already pending"), read out as it changes. */
export function AddressCheckSummary({
  control,
  knowledge,
}: {
  control: Control<InviteFormValues>;
  knowledge: AddressKnowledge;
}) {
  const { check } = useCheck(control, knowledge);
  const summary = checkSummary(check);
  return (
    <p className="mr-auto text-sm text-muted" aria-live="polite" data-testid="invite-check-summary">
      {summary ?? ""}
    </p>
  );
}
