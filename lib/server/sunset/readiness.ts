import "server-only";
import type { Grants } from "@/lib/schemas/grants";
import type { SunsetItem, SunsetReadiness } from "@/lib/schemas/sunset";
import { sunsetClock } from "../atlas/clock";
import { candidates } from "../connections/routing";
import { atlasForOrg } from "../connections/route-org";
import { getDb } from "../db";
import type { LedgerRow } from "../ledger/repository";
import { listLedger } from "../ledger/repository";
import type { OrgUser } from "../atlas/sunset";
import { isVersionGone, listLegacyOrgInvites, listProjectInvites, orgPeopleByEmail } from "../atlas/sunset";
import { grantsKey, grantsOfLegacy, grantsOfOrgUser, mergeGrants } from "./grants";

// What in one org still depends on the legacy invitations API, and what each thing becomes (docs/sunset.md):
//   - the console's connections in "invitations" mode (every list, invite and cancel goes through it);
//   - legacy org invitations the console knows by their legacy id (the legacy list in that mode, and pending
//     ledger rows of source "invitations");
//   - legacy project invitations, which the users API cannot see at all.
// Past the sunset Atlas answers 410: what the ledger remembers but Atlas will not show is listed as such.

const TTL_MS = 30_000;
const CACHE = Symbol.for("invite-console.sunset-readiness");
const cache: Map<string, { at: number; value: SunsetReadiness }> =
  ((globalThis as Record<symbol, unknown>)[CACHE] as Map<string, { at: number; value: SunsetReadiness }>) ??
  new Map();
(globalThis as Record<symbol, unknown>)[CACHE] = cache;

/** After a migration in this org: the next readiness (the banner's too) reads Atlas afresh. */
export function sunsetChanged(orgId: string): void {
  for (const key of cache.keys()) if (key.endsWith(`|${orgId}`)) cache.delete(key);
}

/** A legacy project invitation's replacement grants: Organization Member plus that project's roles. */
export function projectReplacementGrants(projectId: string, roles: string[]): Grants {
  return { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [{ projectId, roles: [...roles] }] };
}

export function previewProject(
  person: OrgUser | undefined,
  projectId: string,
  roles: string[],
): SunsetItem["replacement"] {
  const wanted = projectReplacementGrants(projectId, roles);
  if (!person) {
    return {
      action: "create",
      grants: wanted,
      userId: null,
      note: "A new org invitation through the users API (Organization Member and these project roles); then the project invitation is cancelled.",
    };
  }
  if (person.orgMembershipStatus === "ACTIVE") {
    return {
      action: "blocked",
      grants: grantsOfOrgUser(person),
      userId: person.id,
      note: "Already a member of the org: the users API cannot invite them again. Give the project roles in Atlas, then cancel this invitation.",
    };
  }
  const current = grantsOfOrgUser(person);
  const merged = mergeGrants(current, wanted);
  return {
    action: "merge",
    grants: merged,
    userId: person.id,
    note:
      grantsKey(merged) === grantsKey(current)
        ? "Their pending org invitation already grants these project roles: only the project invitation is cancelled."
        : "Their pending org invitation gains these project roles (users API); then the project invitation is cancelled.",
  };
}

export function previewOrg(person: OrgUser | undefined, legacy: Grants): SunsetItem["replacement"] {
  if (!person || person.orgMembershipStatus !== "PENDING") {
    return {
      action: "blocked",
      grants: legacy,
      userId: null,
      note: "The users API shows no pending invitation for this address (accepted or cancelled meanwhile): reload.",
    };
  }
  const same = grantsKey(grantsOfOrgUser(person)) === grantsKey(legacy);
  return {
    action: "adopt",
    grants: legacy,
    userId: person.id,
    note: same
      ? "The same Atlas invitation, taken over through the users API: nothing is sent to the person and the expiry stays."
      : "The same Atlas invitation, taken over through the users API, with its grants set to these (one update).",
  };
}

async function compute(orgId: string): Promise<SunsetReadiness> {
  const db = await getDb();
  const { http, connection } = await atlasForOrg(orgId);
  const legacyConnections = (await candidates(db))
    .filter((c) => c.conn.invitesApi === "invitations")
    .map((c) => ({ id: c.conn.id, name: c.conn.name }));
  const notes: string[] = [];
  const ledger = (await listLedger(db, orgId, "pending")).filter((r) => r.source !== "users");
  const people = await orgPeopleByEmail(http, orgId);
  const items: SunsetItem[] = [];
  const unreadable: SunsetReadiness["unreadable"] = [];
  const ledgerRow = (source: LedgerRow["source"], email: string, projectId = "") =>
    ledger.find((r) => r.source === source && r.email === email.toLowerCase() && r.projectId === projectId);

  // Org invitations.
  const seen = new Set<string>();
  if (http.conn.invitesApi === "invitations") {
    try {
      const adopted = new Set(
        (await listLedger(db, orgId, "pending"))
          .filter((r) => r.source === "users" && r.userId)
          .map((r) => r.userId!),
      );
      for (const inv of await listLegacyOrgInvites(http, orgId)) {
        const person = people.get(inv.username.toLowerCase());
        seen.add(inv.username.toLowerCase());
        if (person && adopted.has(person.id)) continue; // migrated: the console knows it by its user id now
        items.push(orgItem(inv.id, inv.username, grantsOfLegacy(inv), inv.expiresAt ?? null, person));
      }
    } catch (e) {
      if (!isVersionGone(e)) throw e;
      notes.push(
        "The legacy org invitations list answered 410 VERSION_GONE: the legacy invitations API is retired.",
      );
    }
  }
  for (const row of ledger.filter((r) => r.source === "invitations" && r.invitationId)) {
    if (seen.has(row.email)) continue;
    const person = people.get(row.email);
    if (person?.orgMembershipStatus !== "PENDING") continue; // no longer pending: the sync will say what became of it
    items.push(
      orgItem(row.invitationId!, row.email, row.grants, row.expiresAt?.toISOString() ?? null, person, row),
    );
  }

  // Legacy project invitations.
  try {
    const { invitations, unreadableProjects } = await listProjectInvites(http, orgId);
    if (unreadableProjects.length) {
      notes.push(
        `Projects this connection cannot administer (their invitations are not listed): ${unreadableProjects.join(", ")}.`,
      );
    }
    for (const inv of invitations) {
      const row = ledgerRow("project", inv.username, inv.groupId);
      items.push({
        id: inv.id,
        kind: "project",
        email: inv.username,
        projectId: inv.groupId,
        grants: {
          orgRoles: [],
          teamIds: [],
          projectRoles: [{ projectId: inv.groupId, roles: [...inv.roles] }],
        },
        expiresAt: inv.expiresAt ?? null,
        replacement: previewProject(people.get(inv.username.toLowerCase()), inv.groupId, inv.roles),
        halfDone: row?.pendingOperation?.kind === "migrate",
      });
    }
  } catch (e) {
    if (!isVersionGone(e)) throw e;
    notes.push(
      "Legacy project invitations can no longer be listed, migrated or cancelled: Atlas answered 410 VERSION_GONE. The users API never showed them; the people below may need a new invitation.",
    );
    for (const row of ledger.filter((r) => r.source === "project")) {
      unreadable.push({ email: row.email, kind: "project", projectId: row.projectId || null });
    }
  }

  const clock = sunsetClock(http.conn.id);
  return {
    orgId,
    connection: { id: connection.id, name: connection.name, invitesApi: http.conn.invitesApi },
    clock,
    legacyConnections,
    items: items.sort((a, b) => a.email.localeCompare(b.email)),
    unreadable,
    notes,
    dependsCount: legacyConnections.length + items.length + unreadable.length,
  };
}

function orgItem(
  id: string,
  email: string,
  grants: Grants,
  expiresAt: string | null,
  person: OrgUser | undefined,
  row?: LedgerRow,
): SunsetItem {
  return {
    id,
    kind: "org",
    email,
    projectId: null,
    grants,
    expiresAt,
    replacement: previewOrg(person, grants),
    halfDone: row?.pendingOperation?.kind === "migrate",
  };
}

/** The readiness of one org; `cached` (the banner on every page) accepts an answer up to 30 s old. */
export async function sunsetReadiness(
  orgId: string,
  opts: { cached?: boolean } = {},
): Promise<SunsetReadiness> {
  const { http } = await atlasForOrg(orgId);
  const key = `${http.conn.id}|${orgId}`;
  const hit = cache.get(key);
  if (opts.cached && hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = await compute(orgId);
  cache.set(key, { at: Date.now(), value });
  return value;
}
