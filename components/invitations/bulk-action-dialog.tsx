"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { toast } from "@/components/ui/toast";
import { useSessionUser } from "@/components/auth/session-context";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Email } from "@/components/ui/email";
import { ErrorMessage } from "@/components/ui/error-message";
import { FieldError, Select } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { useStartBulkAction } from "@/lib/api-client/bulk/actions";
import { ApiError } from "@/lib/api-client/errors";
import { newIdempotencyKey } from "@/lib/api-client/invitations/mutations";
import { projectsQuery, teamsQuery } from "@/lib/api-client/orgs/queries";
import { presetsQuery } from "@/lib/api-client/presets/queries";
import type { InvitationRow } from "@/lib/invitations/list-model";
import type { LedgerEntry } from "@/lib/schemas/ledger-api";
import { PROJECT_ROLES } from "@/lib/schemas/roles";
import {
  BULK_ACTION_SPECS,
  MAX_BULK_TARGETS,
  bulkActionBody,
  formatCount,
  namedAddresses,
  planBulkAction,
  type BulkActionChoice,
  type BulkActionKind,
} from "./bulk-actions";

const FAILURE = "The bulk action could not be started.";

interface BulkActionDialogProps {
  orgId: string;
  /** The action to confirm; null closes the dialog. */
  kind: BulkActionKind | null;
  /** The selected rows, in the order shown. */
  rows: readonly InvitationRow[];
  /** Ledger tabs: the ledger row behind each list row (re-invite names it). */
  entries?: ReadonlyMap<string, LedgerEntry>;
  onClose: () => void;
  /** The run has started: the selection is done with. */
  onStarted: () => void;
}

/**
 * One confirmation for a bulk action: what, how many, the first addresses, what the server will refuse,
 * and the team or project role to add. It stays open while the request runs and shows a failure in place,
 * with every choice kept for a retry; once started it opens the run's page (per-row results).
 */
export function BulkActionDialog(props: BulkActionDialogProps) {
  const { kind, onClose } = props;
  return (
    <Dialog open={kind !== null} onOpenChange={(next) => (next ? undefined : onClose())}>
      {/* Keyed by the action: another action starts with its own empty choices. */}
      {kind ? <BulkActionDialogContent key={kind} {...props} kind={kind} /> : null}
    </Dialog>
  );
}

function BulkActionDialogContent({
  orgId,
  kind,
  rows,
  entries,
  onClose,
  onStarted,
}: BulkActionDialogProps & { kind: BulkActionKind }) {
  const spec = BULK_ACTION_SPECS[kind];
  const role = useSessionUser()?.role ?? "viewer";
  const router = useRouter();
  const start = useStartBulkAction(orgId);
  const pending = start.isPending;
  const teams = useQuery({ ...teamsQuery(orgId), enabled: kind === "add_team" });
  const projects = useQuery({ ...projectsQuery(orgId), enabled: kind === "add_project_role" });
  const presets = useQuery({ ...presetsQuery(orgId), enabled: kind === "apply_preset" });
  const [choice, setChoice] = useState<BulkActionChoice>({});
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const firstFieldRef = useRef<HTMLSelectElement>(null);
  const id = useId();

  const plan = planBulkAction(rows, kind, role, entries);
  const count = plan.targets.length;
  const { named, more } = namedAddresses(plan.targets.map((t) => t.email));
  const result = bulkActionBody(kind, plan.targets, choice);
  const problem = "problem" in result ? result.problem : null;
  // Nothing the user can pick fixes these: the confirm button is off from the start.
  const blocking = count === 0 || count > MAX_BULK_TARGETS ? problem : null;
  const pickTeam = kind === "add_team";
  const pickRole = kind === "add_project_role";
  const pickPreset = kind === "apply_preset";

  const close = () => {
    if (pending) return;
    onClose();
  };
  const confirm = async () => {
    setTried(true);
    setError(null);
    if (!("body" in result)) {
      // The field still to choose gets the focus, its message read with it (aria-describedby).
      const missing = pickTeam ? "team" : pickPreset ? "preset" : !choice.projectId ? "project" : "role";
      if (pickTeam || pickRole || pickPreset) document.getElementById(`${id}-${missing}`)?.focus();
      return;
    }
    try {
      const { run } = await start.mutateAsync({ input: result.body, idempotencyKey: newIdempotencyKey() });
      toast.success(spec.started(count));
      onStarted();
      onClose();
      router.push(`/orgs/${encodeURIComponent(orgId)}/bulk/${encodeURIComponent(run.id)}`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new Error(FAILURE));
    }
  };

  return (
    <DialogContent
      role={kind === "cancel" ? "alertdialog" : "dialog"}
      title={spec.title(count)}
      description={spec.description}
      closeDisabled={pending}
      size={pickRole ? "lg" : "sm"}
      onOpenAutoFocus={(e) => {
        e.preventDefault();
        // A choice to make: its field; otherwise the safe button (Enter on open changes nothing).
        (firstFieldRef.current ?? keepRef.current)?.focus();
      }}
      returnFocusFallback={() => document.getElementById("invitation-search")}
      onEscapeKeyDown={(e) => pending && e.preventDefault()}
      onInteractOutside={(e) => pending && e.preventDefault()}
    >
      <DialogBody className="space-y-3 py-3">
        <div>
          <p id={`${id}-named`} className="text-sm font-medium">
            {count === 1 ? "Selected:" : `Selected (${formatCount(count)}):`}
          </p>
          <ul aria-labelledby={`${id}-named`} className="mt-1 space-y-0.5 text-sm">
            {named.map((email, i) => (
              // One address may hold two invitations (an org one and a legacy project one).
              <li key={`${i}:${email}`}>
                <Email address={email} />
              </li>
            ))}
          </ul>
          {more > 0 ? <p className="mt-0.5 text-sm text-muted">and {formatCount(more)} more</p> : null}
        </div>
        {plan.refused > 0 ? (
          <FormAlert
            tone="warn"
            message={`Will be refused: ${formatCount(plan.refused)} (privileged). Only console admins may ${
              kind === "reinvite" ? "re-invite" : kind === "renew" ? "renew" : "change"
            } an invitation that grants a privileged org role; the others go ahead.`}
          />
        ) : null}
        {plan.legacy > 0 ? (
          <FormAlert
            tone="warn"
            message={`Will be refused: ${formatCount(plan.legacy)} (legacy project invitations, which can only be cancelled).`}
          />
        ) : null}
        {plan.unsendable > 0 ? (
          <p className="text-sm text-muted">
            Left out: {formatCount(plan.unsendable)} without a recorded Atlas id (re-invite them one by one).
          </p>
        ) : null}
        {pickTeam ? (
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-team`} className="text-sm font-medium">
              Team
            </label>
            <Select
              ref={firstFieldRef}
              id={`${id}-team`}
              value={choice.teamId ?? ""}
              disabled={pending}
              aria-invalid={tried && !choice.teamId ? true : undefined}
              aria-describedby={tried && !choice.teamId ? `${id}-team-error` : undefined}
              onChange={(e) => setChoice({ teamId: e.target.value || undefined })}
            >
              <option value="">
                {teams.isPending ? "Loading teams…" : teams.data?.teams.length ? "Choose a team" : "No teams"}
              </option>
              {teams.data?.teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
            <FieldError
              id={`${id}-team-error`}
              message={tried && !choice.teamId ? (problem ?? undefined) : undefined}
            />
          </div>
        ) : null}
        {pickPreset ? (
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-preset`} className="text-sm font-medium">
              Preset
            </label>
            <Select
              ref={firstFieldRef}
              id={`${id}-preset`}
              value={choice.presetId ?? ""}
              disabled={pending}
              aria-invalid={tried && !choice.presetId ? true : undefined}
              aria-describedby={tried && !choice.presetId ? `${id}-preset-error` : undefined}
              onChange={(e) => setChoice({ presetId: e.target.value || undefined })}
            >
              <option value="">
                {presets.isPending
                  ? "Loading presets…"
                  : presets.data?.presets.length
                    ? "Choose a preset"
                    : "No presets in this organization"}
              </option>
              {presets.data?.presets.map((p) => (
                <option key={p.id} value={p.id} disabled={p.stale.length > 0}>
                  {p.name}
                  {p.stale.length > 0 ? ` — out of date: ${p.stale.join("; ")}` : ""}
                </option>
              ))}
            </Select>
            <FieldError
              id={`${id}-preset-error`}
              message={tried && !choice.presetId ? (problem ?? undefined) : undefined}
            />
          </div>
        ) : null}
        {pickRole ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="flex flex-col gap-1">
              <label htmlFor={`${id}-project`} className="text-sm font-medium">
                Project
              </label>
              <Select
                ref={firstFieldRef}
                id={`${id}-project`}
                value={choice.projectId ?? ""}
                disabled={pending}
                aria-invalid={tried && !choice.projectId ? true : undefined}
                aria-describedby={tried && !choice.projectId ? `${id}-project-error` : undefined}
                onChange={(e) => setChoice((c) => ({ ...c, projectId: e.target.value || undefined }))}
              >
                <option value="">
                  {projects.isPending
                    ? "Loading projects…"
                    : projects.data?.projects.length
                      ? "Choose a project"
                      : "No projects"}
                </option>
                {projects.data?.projects.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
              <FieldError
                id={`${id}-project-error`}
                message={tried && !choice.projectId ? (problem ?? undefined) : undefined}
              />
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor={`${id}-role`} className="text-sm font-medium">
                Role
              </label>
              <Select
                id={`${id}-role`}
                value={choice.role ?? ""}
                disabled={pending}
                aria-invalid={tried && choice.projectId && !choice.role ? true : undefined}
                aria-describedby={tried && choice.projectId && !choice.role ? `${id}-role-error` : undefined}
                onChange={(e) => setChoice((c) => ({ ...c, role: e.target.value || undefined }))}
              >
                <option value="">Choose a role</option>
                {PROJECT_ROLES.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </Select>
              <FieldError
                id={`${id}-role-error`}
                message={tried && choice.projectId && !choice.role ? (problem ?? undefined) : undefined}
              />
            </div>
          </div>
        ) : null}
        {blocking ? <FormAlert message={blocking} /> : null}
        <FormAlert
          message={
            error ? (
              <>
                Not started: <ErrorMessage error={error} />
              </>
            ) : null
          }
        />
        <p aria-live="polite" className="sr-only">
          {pending ? "Starting the bulk action…" : ""}
        </p>
      </DialogBody>
      <DialogFooter>
        <Button ref={keepRef} disabled={pending} onClick={close}>
          {kind === "cancel" ? "Keep invitations" : "Back"}
        </Button>
        <Button
          variant={kind === "cancel" ? "danger" : "primary"}
          pending={pending}
          disabled={blocking !== null}
          onClick={() => void confirm()}
        >
          {spec.confirmLabel}
        </Button>
      </DialogFooter>
    </DialogContent>
  );
}
