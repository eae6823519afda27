"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { orgRoleLabel, projectRoleLabel } from "@/lib/schemas/roles";
import type { Preset } from "@/lib/schemas/presets";

export interface Names {
  team: (id: string) => string;
  project: (id: string) => string;
}

/** One preset: its name, default and stale marks, what it grants, and (for admins) Edit and Delete. */
export function PresetCard({
  preset,
  names,
  canManage,
  reasonId,
  onEdit,
  onDelete,
}: {
  preset: Preset;
  names: Names;
  canManage: boolean;
  /** The id of the text that says why Edit and Delete are disabled. */
  reasonId: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const staleId = `preset-${preset.id}-stale`;
  return (
    <li className="rounded-lg border border-line bg-surface p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="text-base font-semibold break-words">{preset.name}</h2>
            {preset.isDefault ? <Badge tone="info">Default</Badge> : null}
            {preset.stale.length > 0 ? <Badge tone="warn">Out of date</Badge> : null}
          </div>
          {preset.description ? (
            <p className="mt-1 text-sm break-words text-muted">{preset.description}</p>
          ) : null}
        </div>
        <div className="flex gap-2">
          <Button
            size="sm"
            disabled={!canManage}
            aria-describedby={canManage ? undefined : reasonId}
            aria-label={`Edit preset ${preset.name}`}
            onClick={onEdit}
          >
            Edit
          </Button>
          <Button
            size="sm"
            variant="danger"
            disabled={!canManage}
            aria-describedby={canManage ? undefined : reasonId}
            aria-label={`Delete preset ${preset.name}`}
            onClick={onDelete}
          >
            Delete
          </Button>
        </div>
      </div>
      {preset.stale.length > 0 ? (
        <div
          id={staleId}
          className="mt-3 rounded-md border border-line bg-warn-soft px-3 py-2 text-sm text-on-warn-soft"
        >
          <p className="font-medium">Not offered in the invite form until an admin updates it:</p>
          <ul className="mt-1 list-disc pl-5">
            {preset.stale.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="mt-3 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-muted">Organization roles</dt>
        <dd className="break-words">{preset.orgRoles.map(orgRoleLabel).join(", ")}</dd>
        <dt className="text-muted">Teams</dt>
        <dd className="break-words">
          {preset.teamIds.length ? preset.teamIds.map(names.team).join(", ") : "None"}
        </dd>
        <dt className="text-muted">Project roles</dt>
        <dd className="break-words">
          {preset.projectRoles.length
            ? preset.projectRoles
                .map((p) => `${names.project(p.projectId)}: ${p.roles.map(projectRoleLabel).join(", ")}`)
                .join("; ")
            : "None"}
        </dd>
      </dl>
    </li>
  );
}
