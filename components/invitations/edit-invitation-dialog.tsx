"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, type FieldPath } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { ApiError } from "@/lib/api-client/errors";
import { useEditInvitation } from "@/lib/api-client/invitations/mutations";
import { grantsDiff, grantsFormValuesOf, type GrantsDiff } from "@/lib/schemas/grants";
import { inviteInputSchema, type Invitation, type InviteInput } from "@/lib/schemas/invitations";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { FormFooter } from "@/components/ui/form-footer";
import { DiffView } from "./grants-diff-view";
import { InvitationGrantsFields } from "./grants-fields";
import type { InviteFormValues, Named } from "./invite-form-types";
import { placeInviteError } from "./invite-form-errors";

interface EditInvitationDialogProps {
  orgId: string;
  /** The invitation to edit; null closes the dialog. */
  invitation: Invitation | null;
  onClose: () => void;
  teams: Named[];
  projects: Named[];
  returnFocusFallback?: () => HTMLElement | null | undefined;
}

const valuesOf = (i: Invitation): InviteFormValues => ({ emails: i.email, ...grantsFormValuesOf(i) });

/**
 * Edit a pending invitation's org roles, teams and project roles with the invite dialog's own fields, then
 * review the change (added / removed per org role, team and project role) before it is sent. A refusal brings
 * the form back with the message next to its field; nothing typed is lost. The server reads the "before" from
 * Atlas itself (lib/server/invitations/edit-invitation.ts): the review shows what the list showed.
 */
export function EditInvitationDialog(props: EditInvitationDialogProps) {
  const { invitation, onClose } = props;
  return (
    <Dialog open={invitation !== null} onOpenChange={(next) => !next && onClose()}>
      {invitation ? (
        <EditForm key={`${invitation.source}:${invitation.id}`} {...props} invitation={invitation} />
      ) : null}
    </Dialog>
  );
}

function EditForm({
  orgId,
  invitation,
  onClose,
  teams,
  projects,
  returnFocusFallback,
}: EditInvitationDialogProps & { invitation: Invitation }) {
  const form = useForm<InviteFormValues, unknown, InviteInput>({
    resolver: zodResolver(inviteInputSchema),
    defaultValues: valuesOf(invitation),
  });
  const edit = useEditInvitation(orgId);
  const [review, setReview] = useState<{ input: InviteInput; diff: GrantsDiff } | null>(null);
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [noChange, setNoChange] = useState(false);

  const onValid = (input: InviteInput) => {
    setFormMessage(null);
    const diff = grantsDiff(invitation, input);
    setNoChange(!diff.changed);
    if (diff.changed) setReview({ input, diff });
  };

  const send = () => {
    if (!review) return;
    const { input } = review;
    edit.mutate(
      {
        id: invitation.id,
        input: {
          source: invitation.source,
          orgRoles: input.orgRoles,
          teamIds: input.teamIds,
          projectRoles: input.projectRoles,
        },
      },
      {
        onSuccess: () => {
          toast.success(`Invitation for ${invitation.email} updated.`);
          onClose();
        },
        onError: (error) => {
          setReview(null);
          if (!(error instanceof ApiError)) {
            setFormMessage("The invitation could not be updated. Try again.");
            return;
          }
          const placed = placeInviteError(error);
          // Back on the form (after this render), the message lands next to its field.
          setTimeout(() =>
            placed.fields.forEach(([path, message], i) =>
              form.setError(
                path as FieldPath<InviteFormValues>,
                { type: "server", message },
                { shouldFocus: i === 0 },
              ),
            ),
          );
          setFormMessage(placed.fields.length ? placed.formMessage : error.message);
        },
      },
    );
  };

  const teamName = (id: string) => teams.find((t) => t.id === id)?.name ?? `Team id ${id}`;
  const projectName = (id: string) => projects.find((p) => p.id === id)?.name ?? `Project id ${id}`;

  return (
    <DialogContent
      size="lg"
      title={
        review ? `Review the change for ${invitation.email}` : `Edit the invitation for ${invitation.email}`
      }
      description={
        review
          ? "Atlas updates the pending invitation; its expiry date does not change."
          : "Change the organization roles, teams and project roles this invitation grants."
      }
      closeDisabled={edit.isPending}
      returnFocusFallback={returnFocusFallback}
      onEscapeKeyDown={(e) => edit.isPending && e.preventDefault()}
      onInteractOutside={(e) => edit.isPending && e.preventDefault()}
    >
      {review ? (
        <>
          <DialogBody className="flex flex-col gap-4">
            <DiffView diff={review.diff} teamName={teamName} projectName={projectName} />
            <p aria-live="polite" className="sr-only">
              {edit.isPending ? "Updating the invitation…" : ""}
            </p>
          </DialogBody>
          <DialogFooter>
            <Button disabled={edit.isPending} onClick={() => setReview(null)}>
              Back to editing
            </Button>
            <Button variant="primary" pending={edit.isPending} onClick={send}>
              Update invitation
            </Button>
          </DialogFooter>
        </>
      ) : (
        <form
          onSubmit={(e) => void form.handleSubmit(onValid)(e)}
          noValidate
          className="flex min-h-0 flex-1 flex-col"
          aria-label={`Edit the invitation for ${invitation.email}`}
        >
          <DialogBody className="flex flex-col gap-6">
            <InvitationGrantsFields form={form} teams={teams} projects={projects} presetsOf={orgId} />
          </DialogBody>
          <FormAlert
            message={
              formMessage ??
              (noChange ? "Nothing changed yet: these are the grants the invitation has." : null)
            }
            className="mx-5 mb-3"
          />
          <FormFooter submitLabel="Review changes" />
        </form>
      )}
    </DialogContent>
  );
}
