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

/** One note per unused domain, naming each address that has it (two boxes for one domain read as two problems). */
function domainGroups(warnings: { address: string; domain: string; suggestion?: string | null }[]) {
  const groups: { domain: string; suggestion?: string | null; addresses: string[] }[] = [];
  for (const w of warnings) {
    const group = groups.find((g) => g.domain === w.domain);
    if (group) group.addresses.push(w.address);
    else groups.push({ domain: w.domain, suggestion: w.suggestion, addresses: [w.address] });
  }
  return groups;
}

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
      {domainGroups(unknownDomains).map((g) => (
        <div
          key={g.domain}
          className="flex flex-wrap items-center gap-x-2 gap-y-1 rounded-md bg-warn-soft px-2.5 py-1.5 text-on-warn-soft"
        >
          <span className="min-w-0 break-all">
            Nobody in this organization uses <span className="font-medium">@{g.domain}</span> (
            {list(g.addresses)}).
            {g.suggestion ? (
              <>
                {" "}
                Did you mean <span className="font-medium">@{g.suggestion}</span>?
              </>
            ) : null}
          </span>
          {g.suggestion ? (
            <Button
              size="sm"
              onClick={() =>
                setValue(
                  "emails",
                  g.addresses.reduce((t, a) => replaceAddress(t, a, withDomain(a, g.suggestion!)), text),
                  { shouldDirty: true, shouldValidate: false },
                )
              }
            >
              {g.addresses.length === 1
                ? `Use ${withDomain(g.addresses[0]!, g.suggestion)}`
                : `Use @${g.suggestion} for all ${g.addresses.length}`}
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
