import "server-only";
import { parseBulkCsv } from "@/lib/bulk/parse-csv";
import type { PresetLike } from "@/lib/bulk/resolve-row";
import { planRows } from "@/lib/bulk/resolve-row";
import type { Role } from "@/lib/permissions";
import { can, isPrivilegedOrgRole } from "@/lib/permissions";
import type { BulkImportInput, BulkRun } from "@/lib/schemas/bulk";
import type { bulkImportInputSchema } from "@/lib/schemas/bulk";
import { MAX_BULK_ROWS } from "@/lib/schemas/onboarding";
import { orgRoleLabel } from "@/lib/schemas/roles";
import { HttpError } from "../api/errors";
import { readCreateBudget } from "../atlas/rate-limits";
import { atlasForOrg } from "../connections/route-org";
import { getDb } from "../db";
import { evaluateGuardrails, readPolicy } from "../guardrails/check";
import { listInvitations } from "../invitations/list-invitations";
import { listMembers } from "../invitations/list-members";
import { listOrgProjects, listOrgTeams } from "../orgs/list-directory";
import { listPresets } from "../presets/list";
import type { NewRow } from "./runs";
import { insertRun } from "./runs";
import type { PlannedBudget } from "./view";
import { viewRun } from "./view";

// The plan of an import (the dry run): the file parsed (lib/bulk/parse-csv.ts), every row put in one bucket
// against the org as Atlas has it now (lib/bulk/resolve-row.ts), then the org's guardrails and the planner's role
// applied to the rows left ready. Nothing is sent: the rows are stored, and POST .../start sends exactly them.

export interface PlanImportRequest {
  orgId: string;
  input: ReturnType<typeof bulkImportInputSchema.parse>;
  user: { id: string; email: string; role: Role };
}

export async function planImport({ orgId, input, user }: PlanImportRequest): Promise<BulkRun> {
  const parsed = parseBulkCsv(input.csv, input.mapping ? { mapping: input.mapping } : {});
  if (parsed.tooMany) {
    const message = `${parsed.dataLines.toLocaleString("en-US")} rows: an import takes at most ${MAX_BULK_ROWS.toLocaleString("en-US")}. Split the file.`;
    throw new HttpError({ code: "invalid_input", message, fields: { csv: message } });
  }
  if (parsed.missingFields.includes("email")) {
    const message = `No e-mail column among ${parsed.headers.map((h) => `"${h}"`).join(", ") || "the headers"}: name one "email", or map a column to E-mail.`;
    throw new HttpError({ code: "invalid_input", message, fields: { csv: message } });
  }
  if (parsed.rows.length === 0) {
    const message = "The file has a header but no data lines.";
    throw new HttpError({ code: "invalid_input", message, fields: { csv: message } });
  }
  const { http } = await atlasForOrg(orgId);
  const [teams, projects, presets, pending, members, policy, budget] = await Promise.all([
    listOrgTeams(orgId),
    listOrgProjects(orgId),
    listPresets({ orgId }),
    listInvitations(orgId),
    listMembers(orgId),
    readPolicy({ orgId }),
    readCreateBudget(http, orgId),
  ]);
  const presetLikes: PresetLike[] = presets.map((p) => ({
    id: p.id,
    name: p.name,
    grants: { orgRoles: p.orgRoles, teamIds: p.teamIds, projectRoles: p.projectRoles },
    stale: p.stale,
  }));
  const defaultPreset = input.defaults.presetId
    ? presets.find((p) => p.id === input.defaults.presetId)
    : presets.find((p) => p.isDefault);
  if (input.defaults.presetId && !defaultPreset) {
    const message = "The preset chosen for all rows no longer exists: choose another.";
    throw new HttpError({ code: "invalid_input", message, fields: { "defaults.presetId": message } });
  }
  const plans = planRows(parsed.rows, {
    directory: { teams, projects },
    presets: presetLikes,
    defaults: {
      orgRoles: input.defaults.orgRoles,
      teamIds: input.defaults.teamIds,
      projectRoles: input.defaults.projectRoles,
      presetName: defaultPreset?.name ?? null,
    },
    pendingEmails: new Set(pending.invitations.map((i) => i.email.toLowerCase())),
    memberEmails: new Set(members.emails),
  });
  const mayGrantPrivileged = can(user.role, "invitations.grant_privileged");
  const rows: NewRow[] = plans.map((plan, i) => {
    const row = parsed.rows[i]!;
    let {
      bucket,
      reason = null,
      field = null,
    } = plan as typeof plan & { reason?: string | null; field?: string | null };
    if (bucket === "ready" && plan.grants) {
      const privileged = plan.grants.orgRoles.filter(isPrivilegedOrgRole);
      const verdict = evaluateGuardrails(policy, plan.email, plan.grants);
      if (privileged.length > 0 && !mayGrantPrivileged) {
        bucket = "blocked";
        field = "orgRoles";
        reason = `Only console admins may grant ${privileged.map(orgRoleLabel).join(" or ")}.`;
      } else if (verdict.verdict === "refuse") {
        bucket = "blocked";
        field = verdict.field === "emails" ? "email" : verdict.field;
        reason = verdict.message;
      } else if (verdict.verdict === "approval") {
        bucket = "needs_approval";
        reason = verdict.reasons.join(" ");
      } else if (privileged.length > 0) {
        reason = `Grants ${privileged.map(orgRoleLabel).join(" and ")} (privileged).`;
      }
    }
    return {
      line: row.line,
      original: row.original,
      email: plan.email || row.email,
      grants: plan.grants,
      bucket,
      field,
      reason,
    };
  });
  const plannedBudget: PlannedBudget | null = budget
    ? {
        capacity: budget.capacity,
        refillRate: budget.refillRate,
        refillDurationSeconds: budget.refillDurationSeconds,
        connectionId: http.conn.id,
        template: http.conn.invitesApi === "users" ? "createOrgUser" : "createOrgInvite",
      }
    : null;
  const db = await getDb();
  const run = await insertRun(
    db,
    {
      orgId,
      kind: "import",
      label: input.label,
      headers: parsed.headers,
      options: {
        unknownHeaders: parsed.unknownHeaders,
        mapping: parsed.mapping,
        defaults: input.defaults,
        delimiter: parsed.delimiter,
        // The presets as they were when planned: editing one later does not rewrite this run's record.
        presets: presetLikes.filter((p) => plans.some((x) => x.presetId === p.id)),
        ...(plannedBudget ? { budget: plannedBudget } : {}),
      },
      createdBy: { userId: user.id, email: user.email, role: user.role },
    },
    rows,
  );
  return viewRun(db, run);
}

export type { BulkImportInput };
