import "server-only";
import { z } from "zod";
import type { Invitation } from "@/lib/schemas/invitations";
import { legacyInvitationSchema, orgUserSchema, projectInvitationSchema } from "./atlas-schemas";
import type { LegacyInvitation, OrgUser, ProjectInvitation } from "./atlas-schemas";
import { listOrgPeople, listProjects, type OnPage } from "./directory";
import { AtlasError, isAtlasError } from "./errors";
import type { Grants } from "@/lib/schemas/grants";
import type { InvitesApi } from "./connection";
import type { AtlasHttp } from "./http";

/** Who to invite and what the invitation grants (lib/schemas/grants.ts). */
export interface NewInvitation extends Grants {
  email: string;
}

/**
 * What Atlas says about one invitation id in one org: still pending (with who and what it grants), accepted
 * (the person is an active member now), or gone (cancelled, rejected, expired, or never an invitation of
 * this org: Atlas answers 404 for an id of another org).
 */
export type InvitationState =
  | { state: "pending"; invitation: Invitation }
  | { state: "accepted"; email: string; atlasStatus: number }
  | { state: "gone"; email: string | null; atlasStatus: number; atlasErrorCode: string | null };

const NOT_PENDING_BRAND = "invite-console/InvitationNotPending";

/** Thrown when Atlas shows the invitation is not pending any more; classify with `invitationGone`. */
class InvitationNotPending extends Error {
  readonly brand = NOT_PENDING_BRAND;
  constructor(readonly found: Exclude<InvitationState, { state: "pending" }>) {
    super(found.state === "accepted" ? "The invitation was accepted" : "The invitation is no longer pending");
    this.name = "InvitationNotPending";
  }
}

/**
 * The one "already gone" classifier: an invitation Atlas no longer has as pending, whether it said so by a
 * 404 naming the invitation or user (its errorCode) or by a read showing another status. A 404 naming a team
 * or project of the request (an edit's foreign team), a generic one, and anything else (403, 429, 5xx,
 * timeouts) is not "gone".
 */
export function invitationGone(e: unknown): Exclude<InvitationState, { state: "pending" }> | null {
  if (typeof e === "object" && e !== null && (e as { brand?: unknown }).brand === NOT_PENDING_BRAND) {
    return (e as InvitationNotPending).found;
  }
  if (isAtlasError(e) && e.notFoundKind === "target") {
    return { state: "gone", email: null, atlasStatus: 404, atlasErrorCode: e.errorCode };
  }
  return null;
}

/** A read of one id that answers "gone" for a 404 instead of throwing: the id is all it names beside the org. */
async function orGone(read: () => Promise<InvitationState>): Promise<InvitationState> {
  try {
    return await read();
  } catch (e) {
    const gone = invitationGone(e);
    if (gone) return gone;
    if (isAtlasError(e) && e.notFoundKind === "unknown") {
      return { state: "gone", email: null, atlasStatus: 404, atlasErrorCode: e.errorCode };
    }
    throw e;
  }
}

/**
 * A created invitation and the status Atlas sent for the POST; null when Atlas did not answer and the
 * invitation was found by a read-back instead (createReconciled).
 */
export interface CreatedInvitation {
  invitation: Invitation;
  atlasStatus: number | null;
}

/** One interface for pending org invitations; the page never knows which Atlas API is behind it. */
export interface InvitationsApi {
  readonly api: InvitesApi;
  /** Every pending invitation; `onPage` hears them a page at a time as Atlas answers (the list streams). */
  list(orgId: string, onPage?: OnPage<Invitation>): Promise<Invitation[]>;
  findByEmail(orgId: string, email: string): Promise<Invitation | null>;
  /** Reads one id in this org (Atlas answers 404 for an id of another org: "gone"). */
  read(orgId: string, id: string): Promise<InvitationState>;
  create(orgId: string, input: NewInvitation): Promise<CreatedInvitation>;
  /**
   * Deletes a pending invitation and gives the status Atlas sent for the DELETE; throws InvitationNotPending
   * when Atlas shows it is not pending.
   */
  cancel(orgId: string, id: string): Promise<{ atlasStatus: number }>;
}

export function fromOrgUser(u: OrgUser): Invitation {
  return {
    id: u.id,
    source: "users",
    email: u.username,
    orgRoles: u.roles.orgRoles,
    teamIds: u.teamIds,
    projectRoles: u.roles.groupRoleAssignments.map((a) => ({ projectId: a.groupId, roles: a.groupRoles })),
    inviter: u.inviterUsername ?? null,
    createdAt: u.invitationCreatedAt ?? "",
    expiresAt: u.invitationExpiresAt ?? null,
  };
}

export function fromLegacy(i: LegacyInvitation): Invitation {
  const byProject = new Map<string, string[]>();
  for (const a of i.groupRoleAssignments)
    byProject.set(a.groupId, [...(byProject.get(a.groupId) ?? []), a.groupRole]);
  return {
    id: i.id,
    source: "invitations",
    email: i.username,
    orgRoles: i.roles,
    teamIds: i.teamIds,
    projectRoles: [...byProject].map(([projectId, roles]) => ({ projectId, roles })),
    inviter: i.inviterUsername ?? null,
    createdAt: i.createdAt,
    expiresAt: i.expiresAt ?? null,
  };
}

function fromProjectInvitation(i: ProjectInvitation): Invitation {
  return {
    id: i.id,
    source: "project",
    email: i.username,
    orgRoles: [],
    teamIds: [],
    projectRoles: [{ projectId: i.groupId, roles: i.roles }],
    inviter: i.inviterUsername ?? null,
    createdAt: i.createdAt,
    expiresAt: i.expiresAt ?? null,
  };
}

const isPending = (u: OrgUser) => u.orgMembershipStatus === "PENDING";

const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Create, then reconcile: when Atlas did not confirm, read back by username before anyone resubmits. */
async function createReconciled(
  impl: InvitationsApi,
  orgId: string,
  input: NewInvitation,
  send: () => Promise<CreatedInvitation>,
): Promise<CreatedInvitation> {
  try {
    return await send();
  } catch (e) {
    if (!isAtlasError(e) || e.failure !== "unknown_outcome") throw e;
    // Without an answer in time Atlas may still be working on it: look a few times before giving up.
    const lookups = e.stillRunning ? 4 : 1;
    for (let i = 0; i < lookups; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 1_000));
      const found = await impl.findByEmail(orgId, input.email).catch(() => null);
      if (found) return { invitation: found, atlasStatus: null };
    }
    throw AtlasError.unknownOutcome({
      message: e.stillRunning
        ? "Atlas did not answer in time and no invitation for this address is visible yet"
        : "Atlas did not confirm the invitation and none exists for this address: it was not created",
      status: e.status ?? undefined,
      errorCode: e.errorCode,
      detail: e.detail,
    });
  }
}

export class UsersApiInvitations implements InvitationsApi {
  readonly api = "users" as const;
  constructor(private readonly http: AtlasHttp) {}

  private async listUsers(orgId: string, username?: string, onPage?: OnPage<OrgUser>): Promise<OrgUser[]> {
    const out = await listOrgPeople(this.http, orgId, ["PENDING"], username, onPage);
    return out.filter(isPending);
  }

  async list(orgId: string, onPage?: OnPage<Invitation>): Promise<Invitation[]> {
    const pages =
      onPage &&
      ((users: OrgUser[], total?: number) => onPage(users.filter(isPending).map(fromOrgUser), total));
    return (await this.listUsers(orgId, undefined, pages)).map(fromOrgUser);
  }

  async findByEmail(orgId: string, email: string): Promise<Invitation | null> {
    const users = await this.listUsers(orgId, email);
    const u = users.find((x) => sameEmail(x.username, email));
    return u ? fromOrgUser(u) : null;
  }

  create(orgId: string, input: NewInvitation): Promise<CreatedInvitation> {
    return createReconciled(this, orgId, input, async () => {
      const { data: user, status } = await this.http.send({
        method: "POST",
        template: "createOrgUser",
        params: { orgId },
        version: "2025-02-19",
        body: {
          username: input.email,
          roles: {
            orgRoles: input.orgRoles,
            groupRoleAssignments: input.projectRoles.map((p) => ({
              groupId: p.projectId,
              groupRoles: p.roles,
            })),
          },
          teamIds: input.teamIds,
        },
        schema: orgUserSchema,
      });
      return { invitation: fromOrgUser(user), atlasStatus: status };
    });
  }

  read(orgId: string, id: string): Promise<InvitationState> {
    return orGone(async () => {
      const user = await this.http.sendData({
        method: "GET",
        template: "orgUser",
        params: { orgId, userId: id },
        version: "2025-02-19",
        schema: orgUserSchema,
      });
      const status = user.orgMembershipStatus;
      if (status === "PENDING") return { state: "pending", invitation: fromOrgUser(user) };
      if (status === "ACTIVE") return { state: "accepted", email: user.username, atlasStatus: 200 };
      return {
        state: "gone",
        email: user.username,
        atlasStatus: 200,
        atlasErrorCode: `INVITATION_${status}`,
      };
    });
  }

  async cancel(orgId: string, id: string): Promise<{ atlasStatus: number }> {
    // The users API DELETE also removes ACTIVE members, and Atlas has no conditional form of it (no ETag or
    // If-Match on removeOrgUser). So every attempt is preceded by a read of the status, and a failed one is
    // followed by another read: an invitation accepted meanwhile is reported as such, never deleted by a retry.
    // What remains (docs/security.md 6): an accept landing between the last read and the DELETE.
    const { idempotentRetries, maxWaitSeconds, baseDelayMs } = this.http.retry;
    for (let attempt = 0; ; attempt++) {
      const before = await this.read(orgId, id);
      if (before.state !== "pending") throw new InvitationNotPending(before);
      try {
        const { status } = await this.http.send({
          method: "DELETE",
          template: "orgUser",
          params: { orgId, userId: id },
          version: "2025-02-19",
          schema: null,
          noRetry: true,
        });
        return { atlasStatus: status };
      } catch (e) {
        const after = await this.read(orgId, id).catch(() => null);
        if (after && after.state !== "pending") throw new InvitationNotPending(after);
        const wait = retryWaitMs(e, attempt, baseDelayMs);
        if (attempt >= idempotentRetries || wait === null || wait > maxWaitSeconds * 1000) throw e;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }
}

export class LegacyInvitations implements InvitationsApi {
  readonly api = "invitations" as const;
  constructor(private readonly http: AtlasHttp) {}

  private async listRaw(orgId: string, username?: string): Promise<LegacyInvitation[]> {
    const query = username ? new URLSearchParams([["username", username]]) : undefined;
    return this.http.sendData({
      method: "GET",
      template: "listOrgInvites",
      params: { orgId },
      query,
      version: "2023-01-01",
      schema: z.array(legacyInvitationSchema),
    });
  }

  async list(orgId: string, onPage?: OnPage<Invitation>): Promise<Invitation[]> {
    const all = (await this.listRaw(orgId)).map(fromLegacy);
    onPage?.(all, all.length);
    return all;
  }

  async findByEmail(orgId: string, email: string): Promise<Invitation | null> {
    const found = (await this.listRaw(orgId, email)).find((i) => sameEmail(i.username, email));
    return found ? fromLegacy(found) : null;
  }

  create(orgId: string, input: NewInvitation): Promise<CreatedInvitation> {
    return createReconciled(this, orgId, input, async () => {
      const { data: inv, status } = await this.http.send({
        method: "POST",
        template: "createOrgInvite",
        params: { orgId },
        version: "2023-01-01",
        body: {
          username: input.email,
          roles: input.orgRoles,
          teamIds: input.teamIds,
          groupRoleAssignments: input.projectRoles.map((p) => ({ groupId: p.projectId, roles: p.roles })),
        },
        schema: legacyInvitationSchema,
      });
      return { invitation: fromLegacy(inv), atlasStatus: status };
    });
  }

  read(orgId: string, id: string): Promise<InvitationState> {
    return orGone(async () => {
      const inv = await this.http.sendData({
        method: "GET",
        template: "orgInvite",
        params: { orgId, invitationId: id },
        version: "2023-01-01",
        schema: legacyInvitationSchema,
      });
      return { state: "pending", invitation: fromLegacy(inv) };
    });
  }

  async cancel(orgId: string, id: string): Promise<{ atlasStatus: number }> {
    const { status } = await this.http.send({
      method: "DELETE",
      template: "orgInvite",
      params: { orgId, invitationId: id },
      version: "2023-01-01",
      schema: null,
    });
    return { atlasStatus: status };
  }
}

/** How long to wait before another DELETE after this failure (the same cases AtlasHttp retries), or null. */
function retryWaitMs(e: unknown, attempt: number, baseDelayMs: number): number | null {
  if (!isAtlasError(e)) return null;
  const backOff = baseDelayMs * 3 ** attempt;
  if (e.failure === "timeout" || e.failure === "network") return backOff;
  if (e.failure !== "http" || e.status === null) return null;
  if (e.status === 429 || e.status >= 500) return e.retryAfter !== null ? e.retryAfter * 1000 : backOff;
  return null;
}

export function invitationsApi(http: AtlasHttp): InvitationsApi {
  return http.conn.invitesApi === "invitations" ? new LegacyInvitations(http) : new UsersApiInvitations(http);
}

/** One project's pending legacy project invitations, as Atlas sends them. */
export function listGroupInvitations(http: AtlasHttp, projectId: string): Promise<ProjectInvitation[]> {
  return http.sendData({
    method: "GET",
    template: "listGroupInvites",
    params: { groupId: projectId },
    version: "2023-01-01",
    schema: z.array(projectInvitationSchema),
  });
}

/** Legacy project invitations: invisible to the users API, so they are listed beside the org invitations. */
export async function listProjectInvitations(http: AtlasHttp, orgId: string): Promise<Invitation[]> {
  const projects = await listProjects(http, orgId);
  const out: Invitation[] = [];
  const queue = [...projects];
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      try {
        const list = await listGroupInvitations(http, p.id);
        out.push(...list.map(fromProjectInvitation));
      } catch (e) {
        // A project the account cannot administer, or a retired API: the org invitations still list.
        if (isAtlasError(e) && (e.status === 403 || e.status === 404 || e.status === 410)) continue;
        throw e;
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return out;
}

/**
 * Which project of this org holds a legacy project invitation: the hinted project first (when it is one of
 * the org's), then every other project of the org. A project id from elsewhere is never used.
 */
export async function readProjectInvitation(
  http: AtlasHttp,
  orgId: string,
  id: string,
  hint?: string,
): Promise<InvitationState> {
  const projects = (await listProjects(http, orgId)).map((p) => p.id);
  const order = hint && projects.includes(hint) ? [hint, ...projects.filter((p) => p !== hint)] : projects;
  for (const groupId of order) {
    try {
      const inv = await http.sendData({
        method: "GET",
        template: "groupInvite",
        params: { groupId, invitationId: id },
        version: "2023-01-01",
        schema: projectInvitationSchema,
      });
      return { state: "pending", invitation: fromProjectInvitation(inv) };
    } catch (e) {
      // Not in this project, or a project the account cannot administer: look in the next one.
      if (isAtlasError(e) && e.failure === "http" && (e.status === 404 || e.status === 403)) continue;
      throw e;
    }
  }
  return { state: "gone", email: null, atlasStatus: 404, atlasErrorCode: null };
}

/** Any pending invitation of this org with this id, whichever API holds it (the reconciler's question). */
export async function readAnyInvitation(
  http: AtlasHttp,
  orgId: string,
  id: string,
): Promise<InvitationState> {
  const org = await invitationsApi(http).read(orgId, id);
  if (org.state !== "gone" || org.email !== null) return org;
  return readProjectInvitation(http, orgId, id);
}

export async function cancelProjectInvitation(
  http: AtlasHttp,
  projectId: string,
  id: string,
): Promise<{ atlasStatus: number }> {
  const { status } = await http.send({
    method: "DELETE",
    template: "groupInvite",
    params: { groupId: projectId, invitationId: id },
    version: "2023-01-01",
    schema: null,
  });
  return { atlasStatus: status };
}
