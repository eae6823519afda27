import { plural } from "@/lib/format";
import type { Grants } from "@/lib/schemas/grants";
import { orgRoleLabel, projectRoleLabel } from "@/lib/schemas/roles";
import type { SunsetItem, SunsetReadiness } from "@/lib/schemas/sunset";

// Words shared by the Sunset readiness page and the banner on every page.

export { plural } from "@/lib/format";

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
export function grantLines(g: Grants, names: Names): string[] {
  const lines: string[] = [];
  if (g.orgRoles.length) lines.push(`Org: ${g.orgRoles.map(orgRoleLabel).join(", ")}`);
  if (g.teamIds.length) lines.push(`Teams: ${g.teamIds.map(names.team).join(", ")}`);
  for (const p of g.projectRoles)
    lines.push(`${names.project(p.projectId)}: ${p.roles.map(projectRoleLabel).join(", ")}`);
  return lines;
}

/** What a migration does to people: fresh e-mails, and project-only invitees who become org members. */
export function migrateConsequences(items: SunsetItem[]): { emails: number; newMembers: number } {
  const created = items.filter((i) => i.replacement.action === "create" && !i.halfDone);
  return {
    emails: created.length,
    newMembers: created.filter((i) => i.kind === "project" && i.grants.orgRoles.length === 0).length,
  };
}

/**
 * The confirmation before Migrate, in words for onboarding staff: why now, then what each person will notice
 * (docs/sunset.md has the Atlas calls behind each case).
 */
export function migrateConfirmText(items: SunsetItem[], sunsetAt: string): { why: string; what: string } {
  const one = items.length === 1 ? items[0] : undefined;
  const why = one
    ? `After ${sunsetDate(sunsetAt)} this invitation can no longer be managed here: Atlas ends the old invitations API it was made with.`
    : `After ${sunsetDate(sunsetAt)} these people can no longer be managed here: Atlas ends the old invitations API their invitations were made with.`;
  const { emails, newMembers } = migrateConsequences(items);
  const count = (kind: SunsetItem["replacement"]["action"]) =>
    items.filter((i) => i.replacement.action === kind && !i.halfDone).length;
  const merges = count("merge");
  const adopts = count("adopt");
  const finishes = items.filter((i) => i.halfDone).length;
  const parts: string[] = [];
  if (emails > 0) {
    parts.push(
      `Migrating sends ${one ? one.email : plural(emails, "person", "people")} a fresh invitation e-mail from Atlas, with a new expiry date; the old invitation is then cancelled.`,
    );
  }
  if (newMembers > 0) {
    parts.push(
      one
        ? "They were invited to a project only: once they accept, they are also a member of the organization (Organization Member, the least Atlas allows)."
        : `${plural(newMembers, "person was", "people were")} invited to a project only: once they accept, they are also members of the organization (Organization Member, the least Atlas allows).`,
    );
  }
  if (merges > 0) {
    parts.push(
      one
        ? "Their pending org invitation gains the project's roles, then the project invitation is cancelled: no new e-mail."
        : `${plural(merges, "person's", "people's")} pending org invitations gain the project's roles, then the project invitations are cancelled: no new e-mail.`,
    );
  }
  if (adopts > 0) {
    parts.push(
      one
        ? "Nothing is sent: the same invitation is taken over, with its grants and expiry."
        : `${plural(adopts, "org invitation")} ${adopts === 1 ? "is" : "are"} taken over as ${adopts === 1 ? "it is" : "they are"}: no new e-mail.`,
    );
  }
  if (finishes > 0) {
    parts.push(
      one
        ? "Its replacement already exists: finishing cancels the old project invitation."
        : `${plural(finishes, "replacement")} already exist${finishes === 1 ? "s" : ""}: finishing cancels the old project invitation${finishes === 1 ? "" : "s"}.`,
    );
  }
  return { why, what: parts.join(" ") };
}
