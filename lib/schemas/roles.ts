// Client-safe role catalogue: the 7 org roles (the spec's OrgRole enum) and the 11 project roles the spec last
// enumerated, each with the one-line description shown in the invite form.

export const ORG_ROLES = [
  {
    value: "ORG_MEMBER",
    label: "Organization Member",
    description: "Sees the organization; needs project roles to do more.",
  },
  {
    value: "ORG_READ_ONLY",
    label: "Organization Read Only",
    description: "Reads every project, team and setting; changes nothing.",
  },
  {
    value: "ORG_GROUP_CREATOR",
    label: "Organization Project Creator",
    description: "Creates new projects in the organization.",
  },
  {
    value: "ORG_BILLING_READ_ONLY",
    label: "Organization Billing Viewer",
    description: "Reads invoices and payment methods.",
  },
  {
    value: "ORG_BILLING_ADMIN",
    label: "Organization Billing Admin",
    description: "Manages billing: invoices, payment methods, cost explorer.",
  },
  {
    value: "ORG_STREAM_PROCESSING_ADMIN",
    label: "Organization Stream Processing Admin",
    description: "Manages stream processing across the organization.",
  },
  {
    value: "ORG_OWNER",
    label: "Organization Owner",
    description: "Full control: users, teams, settings, billing and every project.",
  },
] as const;

export const PROJECT_ROLES = [
  {
    value: "GROUP_READ_ONLY",
    label: "Project Read Only",
    description: "Sees the project's clusters and settings; no data access.",
  },
  {
    value: "GROUP_DATA_ACCESS_READ_ONLY",
    label: "Project Data Access Read Only",
    description: "Reads data in the project's clusters.",
  },
  {
    value: "GROUP_DATA_ACCESS_READ_WRITE",
    label: "Project Data Access Read/Write",
    description: "Reads and writes data, manages indexes.",
  },
  {
    value: "GROUP_DATA_ACCESS_ADMIN",
    label: "Project Data Access Admin",
    description: "Full data access, including collections and indexes.",
  },
  {
    value: "GROUP_CLUSTER_MANAGER",
    label: "Project Cluster Manager",
    description: "Creates, scales and pauses clusters.",
  },
  {
    value: "GROUP_DATABASE_ACCESS_ADMIN",
    label: "Project Database Access Admin",
    description: "Manages database users and custom roles.",
  },
  {
    value: "GROUP_BACKUP_MANAGER",
    label: "Project Backup Manager",
    description: "Manages backups, snapshots and restores.",
  },
  {
    value: "GROUP_SEARCH_INDEX_EDITOR",
    label: "Project Search Index Editor",
    description: "Manages Atlas Search indexes.",
  },
  {
    value: "GROUP_OBSERVABILITY_VIEWER",
    label: "Project Observability Viewer",
    description: "Reads metrics, logs and performance advice.",
  },
  {
    value: "GROUP_STREAM_PROCESSING_OWNER",
    label: "Project Stream Processing Owner",
    description: "Manages stream processing in the project.",
  },
  {
    value: "GROUP_OWNER",
    label: "Project Owner",
    description: "Full control of the project, its users and its clusters.",
  },
] as const;

export type OrgRole = (typeof ORG_ROLES)[number]["value"];
export const ORG_ROLE_VALUES = ORG_ROLES.map((r) => r.value) as [OrgRole, ...OrgRole[]];
/** Known project roles are offered; other GROUP_* strings are accepted and left for Atlas to judge. */
export const PROJECT_ROLE_PATTERN = /^GROUP_[A-Z][A-Z_]*$/;

export function orgRoleLabel(value: string): string {
  return ORG_ROLES.find((r) => r.value === value)?.label ?? value;
}

export function projectRoleLabel(value: string): string {
  return PROJECT_ROLES.find((r) => r.value === value)?.label ?? value;
}

/**
 * A project role typed into the invite form's role picker: a role's name as the form shows it ("Project
 * Owner", or "Owner" without the prefix), or another role as Atlas spells it (GROUP_…, left for Atlas to
 * judge). Null when it is neither.
 */
export function projectRoleFromText(text: string): string | null {
  const t = text.trim().replace(/\s+/g, " ").toLowerCase();
  if (!t) return null;
  const named = PROJECT_ROLES.find(
    (r) => r.label.toLowerCase() === t || r.label.toLowerCase().replace(/^project /, "") === t,
  );
  if (named) return named.value;
  const spelled = text.trim().toUpperCase();
  return PROJECT_ROLE_PATTERN.test(spelled) ? spelled : null;
}
