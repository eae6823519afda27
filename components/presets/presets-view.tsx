"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { toast } from "@/components/ui/toast";
import { usePermission } from "@/components/auth/session-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DisabledReason } from "@/components/ui/disabled-reason";
import { PlusIcon } from "@/components/ui/icons";
import { RetryButton } from "@/components/ui/retry-button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatePanel } from "@/components/ui/state-panel";
import { ApiError } from "@/lib/api-client/errors";
import { projectsQuery, teamsQuery } from "@/lib/api-client/orgs/queries";
import { useDeletePreset } from "@/lib/api-client/presets/mutations";
import { presetsQuery } from "@/lib/api-client/presets/queries";
import type { Preset } from "@/lib/schemas/presets";
import { PresetCard, type Names } from "./preset-card";
import { PresetFormDialog } from "./preset-form-dialog";

const REASON_ID = "presets-manage-reason";

/** The Presets page: the org's named sets of grants; admins add, edit and delete them. */
export function PresetsView({ orgId }: { orgId: string }) {
  const presets = useQuery(presetsQuery(orgId));
  const teams = useQuery(teamsQuery(orgId));
  const projects = useQuery(projectsQuery(orgId));
  const permission = usePermission("presets.manage");
  const remove = useDeletePreset(orgId);
  // The form dialog is mounted while open, so each opening starts from that preset's values.
  const [editing, setEditing] = useState<{ preset: Preset | null } | null>(null);
  const [deleting, setDeleting] = useState<Preset | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);

  const teamList = useMemo(() => teams.data?.teams ?? [], [teams.data]);
  const projectList = useMemo(() => projects.data?.projects ?? [], [projects.data]);
  const names = useMemo<Names>(() => {
    const t = new Map(teamList.map((x) => [x.id, x.name]));
    const p = new Map(projectList.map((x) => [x.id, x.name]));
    return { team: (id) => t.get(id) ?? id, project: (id) => p.get(id) ?? id };
  }, [teamList, projectList]);

  const openForm = (preset: Preset | null) => setEditing({ preset });

  let body;
  if (presets.isPending) {
    body = (
      <div className="space-y-3" role="status" aria-busy="true" aria-label="Loading the presets">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-32 w-full" />
        ))}
      </div>
    );
  } else if (presets.isError) {
    body = (
      <StatePanel
        title="The presets could not be read"
        tone="danger"
        role="alert"
        action={
          <RetryButton
            error={presets.error}
            pending={presets.isFetching}
            onClick={() => void presets.refetch()}
          />
        }
      >
        {presets.error instanceof ApiError ? presets.error.message : "The console did not answer."}
      </StatePanel>
    );
  } else if (presets.data.presets.length === 0) {
    body = (
      <StatePanel
        title="No presets yet"
        action={
          permission.allowed ? (
            <Button variant="primary" onClick={() => openForm(null)}>
              <PlusIcon /> New preset
            </Button>
          ) : null
        }
      >
        A preset names a set of organization roles, teams and project roles (“Data engineer”) that inviters
        apply in one step in the invite form.
      </StatePanel>
    );
  } else {
    body = (
      <ul className="space-y-3" aria-label="Presets">
        {presets.data.presets.map((p) => (
          <PresetCard
            key={p.id}
            preset={p}
            names={names}
            canManage={permission.allowed}
            reasonId={REASON_ID}
            onEdit={() => openForm(p)}
            onDelete={() => setDeleting(p)}
          />
        ))}
      </ul>
    );
  }

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight">Presets</h1>
          <p className="mt-1 text-sm text-muted">
            Named sets of grants for the invite form. A preset that names a team or project Atlas no longer
            has is marked out of date and is not offered until it is updated.
          </p>
          <DisabledReason id={REASON_ID} reason={permission.reason} className="mt-1" />
        </div>
        <Button
          ref={newButton}
          variant="primary"
          disabled={!permission.allowed}
          aria-describedby={permission.allowed ? undefined : REASON_ID}
          onClick={() => openForm(null)}
        >
          <PlusIcon /> New preset
        </Button>
      </header>
      {body}
      {editing ? (
        <PresetFormDialog
          key={editing.preset?.id ?? "new"}
          orgId={orgId}
          preset={editing.preset}
          open
          onOpenChange={(open) => {
            if (!open) setEditing(null);
          }}
          teams={teamList}
          projects={projectList}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the preset “${deleting?.name ?? ""}”?`}
        description="Inviters will no longer be able to apply it. Invitations already sent keep their grants."
        keepLabel="Keep preset"
        confirmLabel="Delete preset"
        pending={remove.isPending}
        onConfirm={async () => {
          const target = deleting!;
          await remove.mutateAsync(target.id);
          toast.success(`Preset “${target.name}” deleted.`);
          setDeleting(null);
        }}
        errorPrefix="Not deleted"
        failureMessage="The console did not answer."
        onClose={() => setDeleting(null)}
        returnFocusFallback={() => newButton.current}
      />
    </div>
  );
}
