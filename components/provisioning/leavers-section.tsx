"use client";

import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { Section } from "@/components/account/section";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DateTime } from "@/components/ui/date-time";
import { Email } from "@/components/ui/email";
import { ErrorMessage } from "@/components/ui/error-message";
import { FormAlert } from "@/components/ui/form-alert";
import { Spinner } from "@/components/ui/spinner";
import { useRemoveLeaver, useUpdateProvisioningSettings } from "@/lib/api-client/provisioning/mutations";
import type { DeprovisionMode, ProvisioningOverview } from "@/lib/schemas/provisioning";
import {
  ATLAS_STATE_LABELS,
  DEPROVISION_CHOICES,
  attentionLabel,
  canRemoveLeaver,
  sortAttention,
} from "./provisioning-model";

type AttentionRow = ProvisioningOverview["attention"][number];

/** What happens to a member the directory deactivates or deletes (their pending invitation is always cancelled). */
export function DeprovisionSection({ orgId, value }: { orgId: string; value: DeprovisionMode }) {
  const update = useUpdateProvisioningSettings(orgId);
  const [error, setError] = useState<Error | null>(null);
  // While the change is sent, the radio shows what was chosen; the overview's value once it is read again.
  const shown = update.isPending ? (update.variables ?? value) : value;
  const choose = (next: DeprovisionMode) => {
    if (next === value) return;
    setError(null);
    update.mutate(next, {
      onSuccess: () => {
        const label = DEPROVISION_CHOICES.find((c) => c.value === next)?.label ?? next;
        toast.success(`When someone leaves the directory: ${label.toLowerCase()}.`);
      },
      onError: (e) => setError(e),
    });
  };
  return (
    <Section
      id="provisioning-deprovision"
      title="When someone leaves the directory"
      description="Their pending invitation is always cancelled. For a person who already joined the Atlas organization:"
    >
      <fieldset aria-busy={update.isPending || undefined} className="min-w-0">
        <legend className="sr-only">What happens to a member who leaves the directory</legend>
        <div className="flex flex-col gap-2">
          {DEPROVISION_CHOICES.map((c) => {
            const id = `deprovision-${c.value}`;
            return (
              <div key={c.value} className="flex items-start gap-2.5 rounded-md border border-line p-3">
                <input
                  type="radio"
                  id={id}
                  name="deprovision"
                  value={c.value}
                  checked={shown === c.value}
                  disabled={update.isPending}
                  aria-describedby={`${id}-description`}
                  onChange={() => choose(c.value)}
                  className="mt-0.5 size-4 shrink-0 accent-primary"
                />
                <label htmlFor={id} className="min-w-0 text-sm">
                  <span className="block font-medium">{c.label}</span>
                  <span id={`${id}-description`} className="block text-muted">
                    {c.description}
                  </span>
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
      <p aria-live="polite" className="mt-2 flex items-center gap-2 text-xs text-muted">
        {update.isPending ? (
          <>
            <Spinner /> Saving…
          </>
        ) : null}
      </p>
      {error ? (
        <FormAlert
          message={
            <>
              Not saved: <ErrorMessage error={error} />
            </>
          }
        />
      ) : null}
    </Section>
  );
}

/** People an admin should look at: who left the directory but is still a member, and other disagreements. */
export function AttentionSection({ orgId, rows }: { orgId: string; rows: AttentionRow[] }) {
  const sorted = sortAttention(rows);
  return (
    <Section
      id="provisioning-attention"
      title="Left the directory, still a member"
      description="People the directory deactivated or deleted who still belong to the Atlas organization, and other people the directory and Atlas disagree on. An admin may remove a person who left, whatever the setting above."
    >
      {sorted.length === 0 ? (
        <p className="text-sm text-muted">Nobody needs a look: the directory and Atlas agree.</p>
      ) : (
        <ul aria-label="People who need an admin" className="divide-y divide-line">
          {sorted.map((r) => (
            <AttentionItem key={r.scimUserId} orgId={orgId} row={r} />
          ))}
        </ul>
      )}
    </Section>
  );
}

function AttentionItem({ orgId, row }: { orgId: string; row: AttentionRow }) {
  const remove = useRemoveLeaver(orgId);
  const [confirming, setConfirming] = useState(false);
  const state = ATLAS_STATE_LABELS[row.atlasState];
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3">
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium">
            <Email address={row.userName} />
          </span>
          <Badge tone={state.tone}>{state.label}</Badge>
        </div>
        <p className="mt-0.5 text-sm break-words">{attentionLabel(row.attention)}</p>
        {row.detail ? <p className="text-xs break-words text-muted">{row.detail}</p> : null}
        <p className="text-xs text-muted">
          Since <DateTime value={row.updatedAt} mode="relative" past />
        </p>
      </div>
      {canRemoveLeaver(row) ? (
        <Button
          size="sm"
          variant="danger"
          aria-label={`Remove ${row.userName} from the organization`}
          onClick={() => setConfirming(true)}
        >
          Remove
        </Button>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={
          <>
            Remove <Email address={row.userName} /> from the Atlas organization?
          </>
        }
        description="They left the directory. They lose access to the organization, its teams and projects."
        note="The audit log records the removal. To give access back, invite them again."
        keepLabel="Keep them"
        confirmLabel="Remove from org"
        pending={remove.isPending}
        pendingAnnouncement="Removing"
        errorPrefix="Not removed"
        failureMessage="The person could not be removed."
        onConfirm={async () => {
          await remove.mutateAsync(row.scimUserId);
          toast.success(`${row.userName} removed from the organization.`);
          setConfirming(false);
        }}
        onClose={() => setConfirming(false)}
      />
    </li>
  );
}
