import "server-only";
import { z } from "zod";
import type { Invitation } from "@/lib/schemas/invitations";
import { legacyInvitationSchema, orgUserSchema, pageOf, projectInvitationSchema } from "./atlas-schemas";
import type { LegacyInvitation, OrgUser, ProjectInvitation } from "./atlas-schemas";
import { listProjects, readAllPages } from "./directory";
import { AtlasError, isAtlasError } from "./errors";
import type { AtlasHttp } from "./http";

export interface NewInvitation {
  email: string;
  orgRoles: string[];
  teamIds: string[];
  projectRoles: { projectId: string; roles: string[] }[];
}

/** One interface for pending org invitations; the page never knows which Atlas API is behind it. */
export interface InvitationsApi {
  readonly api: "users" | "invitations";
  list(orgId: string): Promise<Invitation[]>;
  findByEmail(orgId: string, email: string): Promise<Invitation | null>;
  create(orgId: string, input: NewInvitation): Promise<Invitation>;
  cancel(orgId: string, id: string): Promise<void>;
}

function fromOrgUser(u: OrgUser): Invitation {
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

function fromLegacy(i: LegacyInvitation): Invitation {
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

const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Create, then reconcile: when Atlas did not confirm, read back by username before anyone resubmits. */
async function createReconciled(
  impl: InvitationsApi,
  orgId: string,
  input: NewInvitation,
  send: () => Promise<Invitation>,
): Promise<Invitation> {
  try {
    return await send();
  } catch (e) {
    if (!isAtlasError(e) || e.failure !== "unknown_outcome") throw e;
    // Without an answer in time Atlas may still be working on it: look a few times before giving up.
    const lookups = e.stillRunning ? 4 : 1;
    for (let i = 0; i < lookups; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 1_000));
      const found = await impl.findByEmail(orgId, input.email).catch(() => null);
      if (found) return found;
    }
    throw new AtlasError(
      "unknown_outcome",
      e.stillRunning
        ? "Atlas did not answer in time and no invitation for this address is visible yet"
        : "Atlas did not confirm the invitation and none exists for this address: it was not created",
      e.status,
      e.errorCode,
      e.detail,
    );
  }
}

export class UsersApiInvitations implements InvitationsApi {
  readonly api = "users" as const;
  constructor(private readonly http: AtlasHttp) {}

  private async listUsers(orgId: string, username?: string): Promise<OrgUser[]> {
    const out = await readAllPages(async (page) => {
      const query = new URLSearchParams([
        ["orgMembershipStatuses", "PENDING"],
        ["itemsPerPage", "500"],
        ["pageNum", String(page)],
      ]);
      if (username) query.set("username", username);
      return this.http.send({
        method: "GET",
        template: "listOrgUsers",
        params: { orgId },
        query,
        version: "2025-02-19",
        schema: pageOf(orgUserSchema),
      });
    });
    return out.filter((u) => u.orgMembershipStatus === "PENDING");
  }

  async list(orgId: string): Promise<Invitation[]> {
    return (await this.listUsers(orgId)).map(fromOrgUser);
  }

  async findByEmail(orgId: string, email: string): Promise<Invitation | null> {
    const users = await this.listUsers(orgId, email);
    const u = users.find((x) => sameEmail(x.username, email));
    return u ? fromOrgUser(u) : null;
  }

  create(orgId: string, input: NewInvitation): Promise<Invitation> {
    return createReconciled(this, orgId, input, async () => {
      const user = await this.http.send({
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
      return fromOrgUser(user);
    });
  }

  async cancel(orgId: string, id: string): Promise<void> {
    // The users API DELETE also removes ACTIVE members: make sure this id is still a pending invitation.
    const user = await this.http.send({
      method: "GET",
      template: "orgUser",
      params: { orgId, userId: id },
      version: "2025-02-19",
      schema: orgUserSchema,
    });
    if (user.orgMembershipStatus !== "PENDING") {
      throw new AtlasError(
        "http",
        "The invitation is no longer pending",
        409,
        `INVITATION_${user.orgMembershipStatus}`,
        null,
      );
    }
    await this.http.send({
      method: "DELETE",
      template: "orgUser",
      params: { orgId, userId: id },
      version: "2025-02-19",
      schema: null,
    });
  }
}

export class LegacyInvitations implements InvitationsApi {
  readonly api = "invitations" as const;
  constructor(private readonly http: AtlasHttp) {}

  private async listRaw(orgId: string, username?: string): Promise<LegacyInvitation[]> {
    const query = username ? new URLSearchParams([["username", username]]) : undefined;
    return this.http.send({
      method: "GET",
      template: "listOrgInvites",
      params: { orgId },
      query,
      version: "2023-01-01",
      schema: z.array(legacyInvitationSchema),
    });
  }

  async list(orgId: string): Promise<Invitation[]> {
    return (await this.listRaw(orgId)).map(fromLegacy);
  }

  async findByEmail(orgId: string, email: string): Promise<Invitation | null> {
    const found = (await this.listRaw(orgId, email)).find((i) => sameEmail(i.username, email));
    return found ? fromLegacy(found) : null;
  }

  create(orgId: string, input: NewInvitation): Promise<Invitation> {
    return createReconciled(this, orgId, input, async () => {
      const inv = await this.http.send({
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
      return fromLegacy(inv);
    });
  }

  async cancel(orgId: string, id: string): Promise<void> {
    await this.http.send({
      method: "DELETE",
      template: "orgInvite",
      params: { orgId, invitationId: id },
      version: "2023-01-01",
      schema: null,
    });
  }
}

export function invitationsApi(http: AtlasHttp): InvitationsApi {
  return http.conn.invitesApi === "invitations" ? new LegacyInvitations(http) : new UsersApiInvitations(http);
}

/** Legacy project invitations: invisible to the users API, so they are listed beside the org invitations. */
export async function listProjectInvitations(http: AtlasHttp, orgId: string): Promise<Invitation[]> {
  const projects = await listProjects(http, orgId);
  const out: Invitation[] = [];
  const queue = [...projects];
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      try {
        const list = await http.send({
          method: "GET",
          template: "listGroupInvites",
          params: { groupId: p.id },
          version: "2023-01-01",
          schema: z.array(projectInvitationSchema),
        });
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

export async function cancelProjectInvitation(http: AtlasHttp, projectId: string, id: string): Promise<void> {
  await http.send({
    method: "DELETE",
    template: "groupInvite",
    params: { groupId: projectId, invitationId: id },
    version: "2023-01-01",
    schema: null,
  });
}
