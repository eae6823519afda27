/** The 7 organization roles (OrgRole enum in the spec). */
const ORG_ROLES = [
  "ORG_OWNER",
  "ORG_MEMBER",
  "ORG_GROUP_CREATOR",
  "ORG_BILLING_ADMIN",
  "ORG_BILLING_READ_ONLY",
  "ORG_STREAM_PROCESSING_ADMIN",
  "ORG_READ_ONLY",
] as const;

/** The 11 project roles the spec last enumerated (2026-02); the current spec types them as plain strings. */
const PROJECT_ROLES = [
  "GROUP_BACKUP_MANAGER",
  "GROUP_CLUSTER_MANAGER",
  "GROUP_DATA_ACCESS_ADMIN",
  "GROUP_DATA_ACCESS_READ_ONLY",
  "GROUP_DATA_ACCESS_READ_WRITE",
  "GROUP_DATABASE_ACCESS_ADMIN",
  "GROUP_OBSERVABILITY_VIEWER",
  "GROUP_OWNER",
  "GROUP_READ_ONLY",
  "GROUP_SEARCH_INDEX_EDITOR",
  "GROUP_STREAM_PROCESSING_OWNER",
] as const;

export const MEMBERSHIP_STATUSES = [
  "PENDING",
  "ACTIVE",
  "INVITATION_EXPIRED",
  "INVITATION_REJECTED",
] as const;

export function isOrgRole(value: unknown): boolean {
  return typeof value === "string" && (ORG_ROLES as readonly string[]).includes(value);
}

export function isProjectRole(value: unknown): boolean {
  return typeof value === "string" && (PROJECT_ROLES as readonly string[]).includes(value);
}

/** x-rolesRequirements values the simulator enforces. */
export type RoleRequirement = "Organization Owner" | "Organization Member" | "Project Owner" | null;
