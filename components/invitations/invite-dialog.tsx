"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useForm, useWatch, type Control, type FieldPath } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { ApiError } from "@/lib/api-client/errors";
import { useReinvite } from "@/lib/api-client/ledger/mutations";
import { newIdempotencyKey, useInvite } from "@/lib/api-client/invitations/mutations";
import { invitationsQuery } from "@/lib/api-client/invitations/queries";
import { membersQuery } from "@/lib/api-client/orgs/queries";
import { grantsFormValuesOf, type Grants } from "@/lib/schemas/grants";
import { inviteInputSchema, type InviteInput, type InviteResult } from "@/lib/schemas/invitations";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { FormFooter } from "@/components/ui/form-footer";
import { knownDomains } from "./address-check";
import { AddressCheckNotes, AddressCheckSummary, type AddressKnowledge } from "./address-check-notes";
import { analyzeEmails } from "./email-list";
import { EmailsField } from "./emails-field";
import { InvitationGrantsFields } from "./grants-fields";
import { INVITE_DEFAULTS, type InviteFormValues, type Named } from "./invite-form-types";
import { draftChanged } from "./invite-draft";
import { placeInviteError, scrollFirstInvalidIntoView } from "./invite-form-errors";
import { InviteResults, summarizeResults } from "./invite-results";

interface InviteDialogProps {
  orgId: string;
  orgName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  teams: Named[];
  projects: Named[];
  /** Focus target on close when the button that opened the dialog is gone (the empty state's). */
  returnFocusFallback: () => HTMLElement | null | undefined;
  /**
   * Re-invite mode: the address (fixed) and grants (editable) of an expired, rejected or cancelled ledger row;
   * sending creates a new invitation that supersedes it (lib/server/invitations/reinvite-invitation.ts).
   * The caller keys the dialog by the ledger row, so each re-invite starts from its own row's values.
   */
  reinvite?: { ledgerId: string; email: string; grants: Grants } | null;
  /** After a re-invite succeeded. */
  onReinvited?: () => void;
}

function reinviteValues(r: NonNullable<InviteDialogProps["reinvite"]>): InviteFormValues {
  return { emails: r.email, ...grantsFormValuesOf(r.grants) };
}

/**
 * The form lives here, outside the dialog's content, so a draft survives closing and reopening; it is
 * reset only once every address was invited. Errors land next to the field that caused them.
 */
export function InviteDialog(props: InviteDialogProps) {
  const { orgId, orgName, open, onOpenChange, teams, projects, returnFocusFallback, reinvite, onReinvited } =
    props;
  const initial = useMemo(() => (reinvite ? reinviteValues(reinvite) : INVITE_DEFAULTS), [reinvite]);
  const form = useForm<InviteFormValues, unknown, InviteInput>({
    resolver: zodResolver(inviteInputSchema),
    defaultValues: initial,
  });
  const knowledge = useAddressKnowledge(orgId, open && !reinvite);
  const formRef = useRef<HTMLFormElement>(null);
  // Bumped by every refused submit (the form's check or the server's): the effect below runs after the
  // errors are rendered and brings the first one into view.
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals > 0) scrollFirstInvalidIntoView(formRef.current);
  }, [refusals]);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const invite = useInvite(orgId);
  const reinviteMutation = useReinvite(orgId);
  const pending = reinvite ? reinviteMutation.isPending : invite.isPending;

  const [results, setResults] = useState<InviteResult[] | null>(null);
  const [formMessage, setFormMessage] = useState<string | null>(null);
  // Outcomes that arrive after the dialog was closed go to a toast instead of the (hidden) form.
  const openRef = useRef(open);
  useEffect(() => {
    openRef.current = open;
  }, [open]);

  const onSuccess = (data: { results: InviteResult[] }) => {
    const all = data.results;
    const invited = all.filter((r) => r.outcome === "invited");
    if (invited.length === all.length) {
      toast.success(
        invited.length === 1
          ? `Invitation sent to ${invited[0]?.email}.`
          : `${invited.length} invitations sent.`,
      );
      form.reset(INVITE_DEFAULTS);
      setResults(null);
      onOpenChange(false);
      return;
    }
    const awaiting = all.filter((r) => r.outcome === "awaiting_approval");
    if (awaiting.length > 0 && invited.length + awaiting.length === all.length) {
      // Held by the org's guardrails (lib/server/guardrails/check.ts): nothing left to do in this form.
      toast.info(
        `${invited.length > 0 ? `${invited.length} sent; ` : ""}${awaiting.length === 1 ? `the invitation for ${awaiting[0]?.email} awaits` : `${awaiting.length} invitations await`} a second admin's approval.`,
      );
      form.reset(INVITE_DEFAULTS);
      setResults(null);
      onOpenChange(false);
      return;
    }
    setResults(all);
    // Only the failures stay in the box (their reasons are in the results): Send cannot invite anyone twice.
    // "Already invited" and "already a member" are done as far as this form goes.
    const failed = all.filter((r) => r.outcome === "failed").map((r) => r.email);
    form.setValue("emails", failed.join("\n"), { shouldValidate: false });
    form.clearErrors("emails");
    if (invited.length > 0) toast.warning(summarizeResults(all));
    else toast.error(`Nobody was invited: ${summarizeResults(all)}`);
  };

  const onError = (error: Error) => {
    if (!(error instanceof ApiError)) {
      setFormMessage("The invitations could not be sent. Try again.");
      return;
    }
    const placed = placeInviteError(error);
    placed.fields.forEach(([path, message], i) =>
      form.setError(
        path as FieldPath<InviteFormValues>,
        { type: "server", message },
        { shouldFocus: i === 0 },
      ),
    );
    setFormMessage(placed.formMessage);
    if (placed.fields.length > 0) setRefusals((n) => n + 1);
    if (!openRef.current) toast.error(`Invitation not sent: ${error.message}`);
  };

  const onValid = (input: InviteInput) => {
    setFormMessage(null);
    setResults(null);
    if (reinvite) {
      reinviteMutation.mutate(
        { ledgerId: reinvite.ledgerId, input, idempotencyKey: newIdempotencyKey() },
        {
          onSuccess: () => {
            toast.success(`Invitation sent again to ${reinvite.email}.`);
            onOpenChange(false);
            onReinvited?.();
          },
          onError,
        },
      );
      return;
    }
    invite.mutate({ input, idempotencyKey: newIdempotencyKey() }, { onSuccess, onError });
  };

  const close = () => {
    setConfirmDiscard(false);
    setResults(null);
    setFormMessage(null);
    onOpenChange(false);
  };
  // Escape, a click outside, Close and × all come here: a filled form is not dropped without asking. While
  // the question shows, Escape (or another close) means "keep editing".
  const setOpen = (next: boolean) => {
    if (next) return onOpenChange(true);
    if (confirmDiscard) return keepEditing();
    if (!pending && draftChanged(form.getValues(), initial)) return setConfirmDiscard(true);
    close();
  };
  const keepEditing = () => {
    setConfirmDiscard(false);
    requestAnimationFrame(() => form.setFocus(reinvite ? "orgRoles" : "emails"));
  };
  const discard = () => {
    form.reset(initial);
    close();
  };

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogContent
        size="lg"
        returnFocusFallback={returnFocusFallback}
        title={reinvite ? `Re-invite ${reinvite.email}` : `Invite people to ${orgName}`}
        description={
          reinvite
            ? `A new invitation to ${orgName} with the grants below (change them if needed); it expires after 30 days. The old one stays in the history.`
            : "Atlas e-mails each address an invitation; it expires after 30 days if not accepted."
        }
        onOpenAutoFocus={(e) => {
          e.preventDefault();
          form.setFocus(reinvite ? "orgRoles" : "emails");
        }}
      >
        <form
          ref={formRef}
          onSubmit={(e) => void form.handleSubmit(onValid, () => setRefusals((n) => n + 1))(e)}
          noValidate
          className="flex min-h-0 flex-1 flex-col"
          aria-label={reinvite ? "Re-invite" : "Invite people"}
        >
          <DialogBody className="flex flex-col gap-6">
            <InviteResults results={results} />
            <EmailsField
              control={form.control}
              register={form.register}
              error={form.formState.errors.emails}
              readOnly={Boolean(reinvite)}
            >
              {knowledge ? (
                <AddressCheckNotes control={form.control} setValue={form.setValue} knowledge={knowledge} />
              ) : null}
            </EmailsField>
            <InvitationGrantsFields form={form} teams={teams} projects={projects} presetsOf={orgId} />
          </DialogBody>
          <FormAlert message={formMessage} className="mx-5 mb-3" />
          {confirmDiscard ? <DiscardQuestion onKeep={keepEditing} onDiscard={discard} /> : null}
          <FormFooter
            start={knowledge ? <AddressCheckSummary control={form.control} knowledge={knowledge} /> : null}
            submitLabel="Send new invitation"
            pending={pending}
            submit={reinvite ? undefined : <SubmitButton control={form.control} pending={pending} />}
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}

/**
 * Who already has a pending invitation (the list this page has loaded) and who is a member (read when the
 * dialog opens), for the check before Send; null in re-invite mode (one fixed address).
 */
function useAddressKnowledge(orgId: string, enabled: boolean): AddressKnowledge | null {
  // The page keeps the list fresh; the dialog does not read it again on opening.
  const invitations = useQuery({ ...invitationsQuery(orgId), enabled, staleTime: 5 * 60_000 });
  const members = useQuery({ ...membersQuery(orgId), enabled, retry: false });
  const list = invitations.data?.invitations;
  const emails = members.data?.emails;
  return useMemo(() => {
    if (!enabled) return null;
    const pending = new Set((list ?? []).map((i) => i.email.toLowerCase()));
    return {
      people: {
        pending,
        members: emails ? new Set(emails) : null,
        domains: knownDomains([...pending, ...(emails ?? [])]),
      },
      membersUnknown: members.isError,
    };
  }, [enabled, list, emails, members.isError]);
}

/** Asked before a filled form is dropped; the safe answer has the focus. */
function DiscardQuestion({ onKeep, onDiscard }: { onKeep: () => void; onDiscard: () => void }) {
  return (
    <div
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="invite-discard-title"
      aria-describedby="invite-discard-text"
      className="mx-5 mb-3 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md border border-line bg-warn-soft px-3 py-2 text-sm text-on-warn-soft"
    >
      <div className="min-w-0 flex-1">
        <p id="invite-discard-title" className="font-medium">
          Discard this invitation?
        </p>
        <p id="invite-discard-text">The addresses and roles entered here will be lost.</p>
      </div>
      <Button size="sm" autoFocus onClick={onKeep}>
        Keep editing
      </Button>
      <Button size="sm" variant="danger" onClick={onDiscard}>
        Discard
      </Button>
    </div>
  );
}

/** Its own component so that typing re-renders only the button (the live count), not the whole form. */
function SubmitButton({ control, pending }: { control: Control<InviteFormValues>; pending: boolean }) {
  const count = analyzeEmails(useWatch({ control, name: "emails" }) ?? "").valid.length;
  return (
    <Button type="submit" variant="primary" pending={pending}>
      {count > 1 ? `Send ${count} invitations` : "Send invitation"}
    </Button>
  );
}
