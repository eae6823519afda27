import { z } from "zod";
import { atlasIdSchema } from "./ids";
import { ORG_ROLE_VALUES, PROJECT_ROLE_PATTERN } from "./roles";

// What an invitation grants: org roles, teams, and roles per project. The one definition of that shape, read by
// invite, edit, renew, re-invite, createUser (Atlas accounts), the ledger, the sunset assistant, the audit
// log and its CSV, and the browser forms that edit it (components/invitations/*-field.tsx).

/** One project's roles, as the console stores and answers them. */
export const projectRolesSchema = z.object({ projectId: z.string(), roles: z.array(z.string()) });
export type ProjectRoles = z.infer<typeof projectRolesSchema>;

/** Grants as the console stores and answers them (ids and role names, not re-validated on the way out). */
export const grantsSchema = z.object({
  orgRoles: z.array(z.string()),
  teamIds: z.array(z.string()),
  projectRoles: z.array(projectRolesSchema),
});
export type Grants = z.infer<typeof grantsSchema>;

/**
 * Grants read back from rows that older builds wrote (audit rows): a list this build cannot read becomes
 * empty instead of failing the whole row.
 */
const storedList = z.array(z.string()).catch([]);
export const storedGrantsSchema = z.object({
  orgRoles: storedList,
  teamIds: storedList,
  projectRoles: z.array(z.object({ projectId: z.string(), roles: storedList })).catch([]),
});

// The input side: what a form or an API caller may ask for. Each input schema (invite, edit, createUser)
// composes these fields and refines with `refineDistinctProjects`.

export const orgRolesInputSchema = z
  .array(z.enum(ORG_ROLE_VALUES), { error: "pick at least one organization role" })
  .min(1, "pick at least one organization role");

export const teamIdsInputSchema = z.array(atlasIdSchema).max(100);

export const projectAssignmentSchema = z.object({
  projectId: atlasIdSchema,
  roles: z
    .array(z.string().regex(PROJECT_ROLE_PATTERN, "must be a project role such as GROUP_READ_ONLY"))
    .min(1, "pick at least one project role"),
});
export type ProjectAssignment = z.infer<typeof projectAssignmentSchema>;

export const projectRolesInputSchema = z.array(projectAssignmentSchema).max(100);

/**
 * The three grant fields of a form (invite, re-invite, edit, Create Atlas account): the type the shared form
 * fields (components/invitations/{org-roles,teams,project-roles}-field.tsx) are written against. Teams and
 * project roles are optional for API callers and default to none.
 */
export const grantsInputSchema = z.object({
  orgRoles: orgRolesInputSchema,
  teamIds: teamIdsInputSchema.default([]),
  projectRoles: projectRolesInputSchema.default([]),
});
export type GrantsFormValues = z.input<typeof grantsInputSchema>;

/** What a new invitation's form starts with: Organization Member, no teams, no projects (fresh arrays). */
export const defaultGrants = (): GrantsFormValues => ({
  orgRoles: ["ORG_MEMBER"],
  teamIds: [],
  projectRoles: [],
});

/**
 * Granted (stored) grants as a form's values: copies, so editing the form never changes the cached list. Org
 * roles this build does not list stay in, for the form's check to name.
 */
export const grantsFormValuesOf = (g: Grants): GrantsFormValues => ({
  orgRoles: [...g.orgRoles] as GrantsFormValues["orgRoles"],
  teamIds: [...g.teamIds],
  projectRoles: g.projectRoles.map((p) => ({ projectId: p.projectId, roles: [...p.roles] })),
});

/** A project listed twice is refused at its second row (the form shows the message beside it). */
export function refineDistinctProjects<T extends { projectRoles: readonly { projectId: string }[] }>(
  value: T,
  ctx: z.RefinementCtx<T>,
): void {
  const seen = new Set<string>();
  value.projectRoles.forEach((p, i) => {
    if (seen.has(p.projectId))
      ctx.addIssue({
        code: "custom",
        path: ["projectRoles", i, "projectId"],
        message: "this project is already listed",
      });
    seen.add(p.projectId);
  });
}

// What an edit changes.

export interface ListChange {
  added: string[];
  removed: string[];
}
export interface ProjectChange extends ListChange {
  projectId: string;
}
export interface GrantsDiff {
  orgRoles: ListChange;
  teamIds: ListChange;
  /** One entry per project whose roles change (a project added or dropped lists all its roles). */
  projectRoles: ProjectChange[];
  changed: boolean;
}

function listChange(before: readonly string[], after: readonly string[]): ListChange {
  return {
    added: after.filter((x) => !before.includes(x)),
    removed: before.filter((x) => !after.includes(x)),
  };
}

const rolesOf = (g: Pick<Grants, "projectRoles">, projectId: string) =>
  g.projectRoles.find((p) => p.projectId === projectId)?.roles ?? [];

/** What an edit changes, per org role, team and project role. Order-insensitive. */
export function grantsDiff(before: Grants, after: Grants): GrantsDiff {
  const orgRoles = listChange(before.orgRoles, after.orgRoles);
  const teamIds = listChange(before.teamIds, after.teamIds);
  const projects = [...new Set([...before.projectRoles, ...after.projectRoles].map((p) => p.projectId))];
  const projectRoles = projects
    .map((projectId) => ({ projectId, ...listChange(rolesOf(before, projectId), rolesOf(after, projectId)) }))
    .filter((p) => p.added.length > 0 || p.removed.length > 0);
  const changed =
    orgRoles.added.length + orgRoles.removed.length + teamIds.added.length + teamIds.removed.length > 0 ||
    projectRoles.length > 0;
  return { orgRoles, teamIds, projectRoles, changed };
}

const listChangeSchema = z.object({ added: z.array(z.string()), removed: z.array(z.string()) });
/** GrantsDiff on the wire (the edit's answer, lib/schemas/invitation-edit.ts editInvitationAnswerSchema). */
export const grantsDiffSchema = z.object({
  orgRoles: listChangeSchema,
  teamIds: listChangeSchema,
  projectRoles: z.array(listChangeSchema.extend({ projectId: z.string() })),
  changed: z.boolean(),
});
