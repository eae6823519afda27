import "server-only";
import type { Grants } from "@/lib/schemas/grants";
import type { MigrateInput, MigrateResult, SunsetItem } from "@/lib/schemas/sunset";
import { HttpError, isHttpError } from "../api/errors";
import { isAtlasError } from "../atlas/errors";
import type { AtlasHttp } from "../atlas/http";
import type { AuditActor } from "../audit";
import { auditedMutation, auditedRefusal } from "../audit/mutation";
import { atlasForOrg } from "../connections/route-org";
import type { Db } from "../db";
import { getDb } from "../db";
import { invitationsChanged } from "../invitations/list-invitations";
import type { LedgerActor, LedgerRow } from "../ledger/repository";
import { findPending, recordPending, setPendingOperation, transition } from "../ledger/repository";
import type { OrgUser } from "../atlas/sunset";
import {
  createOrgUser,
  deleteProjectInvite,
  isVersionGone,
  orgPeopleByEmail,
  patchOrgUser,
  readLegacyOrgInvite,
  readProjectInvite,
} from "../atlas/sunset";
import { grantsKey, grantsOfLegacy, grantsOfOrgUser } from "./grants";
import { previewOrg, previewProject, sunsetChanged, sunsetReadiness } from "./readiness";

// Moves what depends on the legacy invitations API to the users API, one invitation at a time, each as one
// audited action ("invitation.migrated"). The order never leaves a person with no invitation (docs/sunset.md):
//   - legacy project invitation: the replacement first (a users-API org invitation, or the project's roles
//     added to the person's pending org invitation), then the project invitation is cancelled. A failed
//     replacement leaves the project invitation untouched; a failed cancel leaves both (the ledger row keeps
//     pendingOperation {kind: "migrate", step: "created"}) and migrating again finishes it.
//   - legacy org invitation: Atlas holds it as a PENDING user of the users API already (a create answers 409).
//     Cancelling it to re-create it would leave the person with nothing in between, so the console adopts it:
//     reads it by user id, sets the legacy grants where the users API shows others (one PATCH), and from then
//     on knows it by that id. Nothing is cancelled.

interface Ctx {
  db: Db;
  http: AtlasHttp;
  orgId: string;
  actor: AuditActor;
  ledgerActor: LedgerActor;
}

function messageOf(e: unknown): string {
  if (isHttpError(e)) return e.message;
  if (isAtlasError(e)) {
    if (e.failure === "http") return `Atlas answered ${e.status}${e.errorCode ? ` ${e.errorCode}` : ""}`;
    return e.message;
  }
  return "internal error";
}

/** Migrates the listed legacy invitations (or all the readiness lists), one after the other. */
export async function migrateLegacyInvitations(
  orgId: string,
  input: MigrateInput,
  actor: AuditActor,
): Promise<MigrateResult[]> {
  const { http } = await atlasForOrg(orgId);
  const readiness = await sunsetReadiness(orgId);
  const wanted = input.all ? readiness.items.map((i) => i.id) : [...new Set(input.ids ?? [])];
  const ctx: Ctx = {
    db: await getDb(),
    http,
    orgId,
    actor,
    ledgerActor: { userId: actor.userId, email: actor.email },
  };
  const results: MigrateResult[] = [];
  try {
    for (const id of wanted) {
      const item = readiness.items.find((i) => i.id === id);
      if (!item) {
        results.push({
          id,
          email: null,
          kind: null,
          outcome: "skipped",
          message: "Not a pending legacy invitation of this org (migrated or gone meanwhile): reload.",
          replacementId: null,
        });
        continue;
      }
      results.push(await migrateOne(ctx, item));
    }
  } finally {
    sunsetChanged(orgId);
    invitationsChanged(orgId);
  }
  return results;
}

async function migrateOne(ctx: Ctx, item: SunsetItem): Promise<MigrateResult> {
  const base = { id: item.id, email: item.email, kind: item.kind };
  try {
    const done = item.kind === "project" ? await migrateProject(ctx, item) : await migrateOrg(ctx, item);
    return { ...base, ...done };
  } catch (e) {
    return { ...base, outcome: "failed", message: messageOf(e), replacementId: null };
  }
}

async function findPerson(ctx: Ctx, email: string): Promise<OrgUser | undefined> {
  return (await orgPeopleByEmail(ctx.http, ctx.orgId, email)).get(email.toLowerCase());
}

const target = (ctx: Ctx, item: SunsetItem, grants: Grants, detail: string) => ({
  connectionId: ctx.http.conn.id,
  orgId: ctx.orgId,
  targetEmail: item.email,
  targetId: item.id,
  grants,
  detail,
});

/** The legacy row of this invitation in the ledger, recorded now when the ledger has not seen it yet. */
async function legacyRow(ctx: Ctx, item: SunsetItem, source: "invitations" | "project"): Promise<LedgerRow> {
  const key = { orgId: ctx.orgId, email: item.email, source, projectId: item.projectId ?? "" };
  return (
    (await findPending(ctx.db, key)) ??
    (await recordPending(
      ctx.db,
      {
        connectionId: ctx.http.conn.id,
        ...key,
        grants: item.grants,
        invitationId: item.id,
        expiresAt: item.expiresAt ? new Date(item.expiresAt) : null,
      },
      { kind: "discovered", actor: ctx.ledgerActor },
    ))
  );
}

async function recordReplacement(
  ctx: Ctx,
  item: SunsetItem,
  user: OrgUser,
  auditId: string,
  old: LedgerRow,
): Promise<LedgerRow> {
  const row = await recordPending(
    ctx.db,
    {
      connectionId: ctx.http.conn.id,
      orgId: ctx.orgId,
      email: user.username,
      source: "users",
      grants: grantsOfOrgUser(user),
      userId: user.id,
      invitationId: item.kind === "org" ? item.id : null,
      inviter: user.inviterUsername ?? null,
      atlasCreatedAt: user.invitationCreatedAt ? new Date(user.invitationCreatedAt) : null,
      expiresAt: user.invitationExpiresAt ? new Date(user.invitationExpiresAt) : null,
    },
    {
      kind: "migrated",
      actor: ctx.ledgerActor,
      auditId,
      createdBy: ctx.ledgerActor,
      detail: { from: old.id, legacyId: item.id, kind: item.kind },
    },
  );
  return row;
}

async function migrateProject(
  ctx: Ctx,
  item: SunsetItem,
): Promise<Omit<MigrateResult, "id" | "email" | "kind">> {
  const projectId = item.projectId!;
  // Read again right before acting: the list may be minutes old.
  const live = await readProjectInvite(ctx.http, projectId, item.id).catch((e: unknown) => {
    if (isAtlasError(e) && e.status === 404) return null;
    throw e;
  });
  if (!live) {
    return {
      outcome: "skipped",
      message: "The project invitation is no longer pending.",
      replacementId: null,
    };
  }
  let person = await findPerson(ctx, live.username);
  const preview = previewProject(person, projectId, live.roles);
  const detail = `legacy project invitation in ${projectId} → users-API org invitation (${preview.action})`;
  if (preview.action === "blocked") {
    throw await auditedRefusal(
      ctx.actor,
      "invitation.migrated",
      target(ctx, item, preview.grants, detail),
      new HttpError({ code: "conflict", message: preview.note }),
    );
  }
  const old = await legacyRow(ctx, item, "project");
  let auditId = "";
  const { result: outcome } = await auditedMutation({
    actor: ctx.actor,
    action: "invitation.migrated",
    target: target(ctx, item, preview.grants, detail),
    onBegin: async (id) => {
      auditId = id;
      await setPendingOperation(ctx.db, old.id, {
        kind: "migrate",
        step: "started",
        auditId: id,
        startedAt: new Date().toISOString(),
        grants: preview.grants,
      });
    },
    act: async () => {
      let user: OrgUser;
      try {
        user = await replace(ctx, live.username, person, preview.grants);
      } catch (e) {
        // Nothing changed in Atlas: the project invitation stays, and so does nothing half-done.
        await setPendingOperation(ctx.db, old.id, null);
        throw e;
      }
      await setPendingOperation(ctx.db, old.id, {
        kind: "migrate",
        step: "created",
        auditId,
        startedAt: new Date().toISOString(),
        grants: preview.grants,
      });
      const row = await recordReplacement(ctx, item, user, auditId, old);
      try {
        await deleteProjectInvite(ctx.http, projectId, item.id);
      } catch (e) {
        if (!(isAtlasError(e) && e.status === 404)) {
          return { user, cancelError: messageOf(e) };
        }
      }
      await transition(ctx.db, old, "superseded", {
        kind: "migrated",
        actor: ctx.ledgerActor,
        auditId,
        supersededBy: row.id,
        detail: { to: row.id, userId: user.id },
      });
      await setPendingOperation(ctx.db, old.id, null);
      return { user, cancelError: null };
    },
    onSuccess: (r) =>
      r.cancelError
        ? {
            outcome: "failure",
            targetId: r.user.id,
            detail: `replacement ${r.user.id} exists; the project invitation was not cancelled (${r.cancelError}): migrate again to finish`,
          }
        : { targetId: r.user.id, detail: `${detail}: replaced by users-API invitation ${r.user.id}` },
  });
  person = outcome.user;
  if (outcome.cancelError) {
    return {
      outcome: "partial",
      message: `The org invitation exists, but the project invitation was not cancelled (${outcome.cancelError}): migrate again to finish.`,
      replacementId: person.id,
    };
  }
  return {
    outcome: "migrated",
    message:
      preview.action === "create"
        ? "Invited through the users API; the project invitation is cancelled."
        : "Their org invitation now carries the project roles; the project invitation is cancelled.",
    replacementId: person.id,
  };
}

/** The replacement org invitation: create, or PATCH the pending one (also when a create meets one: 409). */
async function replace(
  ctx: Ctx,
  email: string,
  person: OrgUser | undefined,
  grants: Grants,
): Promise<OrgUser> {
  if (person) {
    if (grantsKey(grantsOfOrgUser(person)) === grantsKey(grants)) return person;
    return patchOrgUser(ctx.http, ctx.orgId, person.id, grants);
  }
  try {
    return await createOrgUser(ctx.http, ctx.orgId, email, grants);
  } catch (e) {
    if (isAtlasError(e) && (e.failure === "unknown_outcome" || e.status === 409)) {
      // Created meanwhile (by us, unconfirmed, or by someone else): the users API tells.
      const found = await findPerson(ctx, email);
      if (found?.orgMembershipStatus === "PENDING") {
        const merged = previewProject(
          found,
          grants.projectRoles[0]!.projectId,
          grants.projectRoles[0]!.roles,
        );
        return grantsKey(grantsOfOrgUser(found)) === grantsKey(merged.grants)
          ? found
          : patchOrgUser(ctx.http, ctx.orgId, found.id, merged.grants);
      }
    }
    throw e;
  }
}

async function migrateOrg(ctx: Ctx, item: SunsetItem): Promise<Omit<MigrateResult, "id" | "email" | "kind">> {
  // The legacy grants as Atlas has them now; past the sunset the ledger's (the users API still answers).
  const legacy = await readLegacyOrgInvite(ctx.http, ctx.orgId, item.id).catch((e: unknown) => {
    if (isVersionGone(e)) return "gone" as const;
    if (isAtlasError(e) && e.status === 404) return null;
    throw e;
  });
  if (legacy === null) {
    return { outcome: "skipped", message: "The invitation is no longer pending.", replacementId: null };
  }
  const grants = legacy === "gone" ? item.grants : grantsOfLegacy(legacy);
  const person = await findPerson(ctx, item.email);
  const preview = previewOrg(person, grants);
  const detail = "legacy org invitation adopted through the users API";
  if (preview.action === "blocked" || !person) {
    throw await auditedRefusal(
      ctx.actor,
      "invitation.migrated",
      target(ctx, item, grants, detail),
      new HttpError({ code: "conflict", message: preview.note }),
    );
  }
  const old = await legacyRow(ctx, item, "invitations");
  let auditId = "";
  const { result: user } = await auditedMutation({
    actor: ctx.actor,
    action: "invitation.migrated",
    target: target(ctx, item, grants, detail),
    onBegin: async (id) => {
      auditId = id;
    },
    act: async () => {
      const same = grantsKey(grantsOfOrgUser(person)) === grantsKey(grants);
      const user = same ? person : await patchOrgUser(ctx.http, ctx.orgId, person.id, grants);
      const row = await recordReplacement(ctx, item, user, auditId, old);
      await transition(ctx.db, old, "superseded", {
        kind: "migrated",
        actor: ctx.ledgerActor,
        auditId,
        supersededBy: row.id,
        detail: { to: row.id, userId: user.id, patched: !same },
      });
      return user;
    },
    onSuccess: (u) => ({ targetId: u.id, detail: `${detail} (user ${u.id})` }),
  });
  return {
    outcome: "migrated",
    message: "Taken over through the users API (the same invitation: nothing sent, expiry unchanged).",
    replacementId: user.id,
  };
}
