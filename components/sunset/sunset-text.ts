import type { LedgerGrants } from "@/lib/schemas/ledger";
import { orgRoleLabel, projectRoleLabel } from "@/lib/schemas/roles";
import type { SunsetReadiness } from "@/lib/schemas/sunset";

// Words shared by the Sunset readiness page and the banner on every page.

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export function sunsetDate(iso: string): string {
  return new Date(iso).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** "412 days left" / "ends today" / "retired on 1 July 2027". */
export function daysLeftText(clock: SunsetReadiness["clock"]): string {
  if (clock.retired) return `retired on ${sunsetDate(clock.sunsetAt)}`;
  if (clock.daysLeft <= 0) return "ends today";
  return `${plural(clock.daysLeft, "day")} left`;
}

/** What still depends on the legacy API, in a few words: "1 connection, 25 org and 3 project invitations". */
export function dependsText(r: SunsetReadiness): string {
  const org = r.items.filter((i) => i.kind === "org").length;
  const project = r.items.filter((i) => i.kind === "project").length + r.unreadable.length;
  const parts: string[] = [];
  if (r.legacyConnections.length) parts.push(plural(r.legacyConnections.length, "connection"));
  if (org) parts.push(plural(org, "legacy org invitation"));
  if (project) parts.push(plural(project, "legacy project invitation"));
  return parts.join(", ");
}

export interface Names {
  team: (id: string) => string;
  project: (id: string) => string;
}

/** Grants as short lines: "Org: Organization Member", "Teams: …", "Production: Project Read Only". */
export function grantLines(g: LedgerGrants, names: Names): string[] {
  const lines: string[] = [];
  if (g.orgRoles.length) lines.push(`Org: ${g.orgRoles.map(orgRoleLabel).join(", ")}`);
  if (g.teamIds.length) lines.push(`Teams: ${g.teamIds.map(names.team).join(", ")}`);
  for (const p of g.projectRoles)
    lines.push(`${names.project(p.projectId)}: ${p.roles.map(projectRoleLabel).join(", ")}`);
  return lines;
}
