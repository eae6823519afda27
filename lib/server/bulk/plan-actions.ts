import "server-only";
import type { Role } from "@/lib/permissions";
import type { BulkActionInput, BulkRun } from "@/lib/schemas/bulk";
import type { Grants } from "@/lib/schemas/grants";
import { presetIdSchema } from "@/lib/schemas/presets";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import { getDb } from "../db";
import { getLedgerRow } from "../ledger/repository";
import { listOrgProjects, listOrgTeams } from "../orgs/list-directory";
import { getPreset } from "../presets/list";
import { presetGrants } from "../presets/resolve";
import { startRun } from "./commands";
import type { NewRow } from "./runs";
import { getRun, insertRun } from "./runs";
import { viewRun } from "./view";

// A bulk action over selected invitations (POST /api/orgs/{orgId}/bulk/actions): one row per invitation, planned
// and started in one call (the list's confirmation is the preview). Each row goes through the same service as
// the row's own menu (lib/server/bulk/row-actions.ts), so per-row rules and outcomes are theirs.

export interface BulkActionRequest {
  orgId: string;
  input: BulkActionInput;
  actor: AuditActor;
  user: { id: string; email: string; role: Role };
}

const LABELS: Record<BulkActionInput["kind"], string> = {
  cancel: "Cancel",
  renew: "Renew",
  reinvite: "Re-invite",
  add_team: "Add a team",
  add_project_role: "Add a project role",
  apply_preset: "Apply a preset",
};

export async function startBulkAction({ orgId, input, actor, user }: BulkActionRequest): Promise<BulkRun> {
  if (input.kind === "add_team") {
    const teams = await listOrgTeams(orgId);
    if (!input.teamId || !teams.some((t) => t.id === input.teamId)) {
      const message = "Choose a team of this organization.";
      throw new HttpError({ code: "invalid_input", message, fields: { teamId: message } });
    }
  }
  if (input.kind === "add_project_role") {
    const projects = await listOrgProjects(orgId);
    if (!input.projectRole || !projects.some((p) => p.id === input.projectRole!.projectId)) {
      const message = "Choose a project of this organization.";
      throw new HttpError({ code: "invalid_input", message, fields: { projectRole: message } });
    }
  }
  let preset: { id: string; name: string; grants: Grants } | null = null;
  if (input.kind === "apply_preset") {
    const parsed = presetIdSchema.safeParse(input.presetId);
    if (!parsed.success) {
      const message = "Choose a preset of this organization.";
      throw new HttpError({ code: "invalid_input", message, fields: { presetId: message } });
    }
    const found = await getPreset({ orgId, presetId: parsed.data });
    // A preset naming a team or project that is gone is refused with its reasons, never applied in part.
    preset = { id: found.id, name: found.name, grants: presetGrants(found) };
  }
  const db = await getDb();
  const seen = new Set<string>();
  const rows: NewRow[] = [];
  for (const [i, t] of input.targets.entries()) {
    const key = `${t.source}:${t.ledgerId ?? t.id}`;
    const base = {
      line: i + 1,
      original: { email: t.email, id: t.id, source: t.source },
      email: t.email.toLowerCase(),
      target: {
        id: t.id,
        source: t.source,
        ...(t.projectId ? { projectId: t.projectId } : {}),
        ...(t.ledgerId ? { ledgerId: t.ledgerId } : {}),
      },
    };
    if (seen.has(key)) {
      rows.push({ ...base, grants: null, bucket: "duplicate", reason: "selected twice" });
      continue;
    }
    seen.add(key);
    if (input.kind === "reinvite") {
      const ledger = t.ledgerId ? await getLedgerRow(db, orgId, t.ledgerId).catch(() => null) : null;
      if (!ledger) {
        rows.push({
          ...base,
          grants: null,
          bucket: "invalid",
          field: "ledgerId",
          reason: "not in this organization's history",
        });
        continue;
      }
      rows.push({ ...base, email: ledger.email, grants: ledger.grants, bucket: "ready" });
      continue;
    }
    rows.push({ ...base, grants: null, bucket: "ready" });
  }
  const run = await insertRun(
    db,
    {
      orgId,
      kind: input.kind,
      label: `${LABELS[input.kind]}${preset ? ` "${preset.name}"` : ""}: ${input.targets.length} selected`,
      headers: ["email", "id", "source"],
      options: {
        ...(input.teamId ? { teamId: input.teamId } : {}),
        ...(input.projectRole ? { projectRole: input.projectRole } : {}),
        // The preset as it is now: editing it later does not rewrite this run's record.
        ...(preset ? { preset } : {}),
      },
      createdBy: { userId: user.id, email: user.email, role: user.role },
    },
    rows,
  );
  await startRun(db, run, actor, user);
  return viewRun(db, (await getRun(db, orgId, run.id))!);
}
