import "server-only";
import type { Role } from "@/lib/permissions";
import { can } from "@/lib/permissions";
import type { CreateAtlasUserInput, CreatedAtlasUser } from "@/lib/schemas/atlas-users";
import { atlasUserFieldFor, MIN_PASSWORD_SCORE, normalizeMobile } from "@/lib/schemas/atlas-users";
import { passwordStrength } from "@/lib/password-strength";
import { HttpError, mapError } from "../api/errors";
import { isAtlasError } from "../atlas/errors";
import { listProjects } from "../atlas/directory";
import { createAtlasAccount, type NewAtlasAccount } from "../atlas/users";
import type { AuditActor } from "../audit";
import type { AuditTarget } from "../audit/mutation";
import { auditedMutation, auditedRefusal, markAudited } from "../audit/mutation";
import { atlasForOrg } from "../connections/route-org";
import { getDb } from "../db";
import { recordPending } from "../ledger/repository";
import { logger } from "../log";
import { invitationsChanged } from "../invitations/list-invitations";

// A new Atlas login invited to this org (F9; Atlas's deprecated createUser). The password goes to Atlas and
// nowhere else: not into the audit row (its target and grants are listed field by field below), not into a
// log line, not into the ledger, not into the answer. Atlas makes the account a PENDING user of the org
// (sim/src/routes/create-user.ts), so the ledger records it as a pending invitation.

const INVITATION_DAYS = 30;

export interface CreateAtlasUserRequest {
  orgId: string;
  input: CreateAtlasUserInput;
  actor: AuditActor;
  role: Role;
}

const grantsOf = (input: CreateAtlasUserInput) => ({
  orgRoles: input.orgRoles,
  teamIds: [] as string[],
  projectRoles: input.projectRoles,
});

export async function createAtlasUser(req: CreateAtlasUserRequest): Promise<CreatedAtlasUser> {
  const { orgId, input, actor } = req;
  const email = input.username;
  const target: AuditTarget = {
    orgId,
    targetEmail: email,
    grants: grantsOf(input),
    detail: "createUser (deprecated Atlas API, sunset 2027-07-01)",
  };
  const refuse = async (e: HttpError) => {
    throw await auditedRefusal(actor, "atlas_user.created", target, e);
  };
  if (!can(req.role, "atlas_users.create")) {
    await refuse(
      new HttpError({ code: "forbidden", message: "Only console admins may create Atlas accounts." }),
    );
  }
  const strength = passwordStrength(input.password, [email, input.firstName, input.lastName]);
  if (strength.score < MIN_PASSWORD_SCORE) {
    const message = `is too easy to guess${strength.warning ? `: ${strength.warning}` : ""}`;
    await refuse(
      new HttpError({
        code: "invalid_input",
        message: "The password is too weak.",
        fields: { password: message },
      }),
    );
  }
  const mobile = input.mobileNumber ? normalizeMobile(input.mobileNumber, input.country) : null;
  if (input.mobileNumber && !mobile) {
    const message = "is not a valid mobile number for the chosen country";
    await refuse(
      new HttpError({
        code: "invalid_input",
        message: "The mobile number is not valid.",
        fields: { mobileNumber: message },
      }),
    );
  }

  const { http } = await atlasForOrg(orgId);
  target.connectionId = http.conn.id;
  // Grants stay inside the org in the URL: every project must be one of its projects.
  if (input.projectRoles.length > 0) {
    const projects = await listProjects(http, orgId).catch(async (e: unknown) => {
      throw await auditedRefusal(actor, "atlas_user.created", target, e);
    });
    const known = new Set(projects.map((p) => p.id));
    const i = input.projectRoles.findIndex((p) => !known.has(p.projectId));
    if (i >= 0) {
      const message = "is not a project of this organization";
      await refuse(
        new HttpError({
          code: "invalid_input",
          message: "A project is not in this organization.",
          fields: {
            [`projectRoles.${i}.projectId`]: message,
          },
        }),
      );
    }
  }

  const account: NewAtlasAccount = {
    username: email,
    password: input.password,
    firstName: input.firstName,
    lastName: input.lastName,
    country: input.country,
    ...(mobile ? { mobileNumber: mobile } : {}),
    roles: [
      ...input.orgRoles.map((roleName) => ({ orgId, roleName })),
      ...input.projectRoles.flatMap((p) => p.roles.map((roleName) => ({ groupId: p.projectId, roleName }))),
    ],
  };
  try {
    const {
      result: { data: user },
      auditId,
    } = await auditedMutation({
      actor,
      action: "atlas_user.created",
      target,
      act: () => createAtlasAccount(http, account),
      onSuccess: ({ data, status }) => ({ atlasStatus: status, targetId: data.id }),
    });
    const createdAt = user.createdAt ? new Date(user.createdAt) : new Date();
    const expiresAt = new Date(createdAt.getTime() + INVITATION_DAYS * 86_400_000);
    await recordPending(
      await getDb(),
      {
        connectionId: http.conn.id,
        orgId,
        email: email.toLowerCase(),
        source: http.conn.invitesApi,
        grants: grantsOf(input),
        userId: user.id,
        inviter: http.conn.name,
        atlasCreatedAt: createdAt,
        expiresAt,
      },
      {
        kind: "created",
        actor: { userId: actor.userId, email: actor.email },
        // The console user who made the account is who invited them, in every view.
        createdBy: { userId: actor.userId, email: actor.email },
        auditId,
        detail: "createUser",
      },
    ).catch((err: unknown) =>
      // The account exists in Atlas; the ledger's sync will discover it if this write failed.
      logger.error({ err, orgId, userId: user.id }, "ledger write after createUser failed"),
    );
    return {
      id: user.id,
      username: user.username,
      createdAt: createdAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
    };
  } catch (e) {
    throw markAudited(withField(e, input.orgRoles.length));
  } finally {
    invitationsChanged(orgId);
  }
}

/** An Atlas refusal becomes the console's error with the field it concerns, so the form shows it there. */
function withField(e: unknown, orgRoleCount: number): unknown {
  if (!isAtlasError(e) || e.failure !== "http" || !e.status || e.status >= 500) return e;
  const field = atlasUserFieldFor(e.errorCode, e.fields[0] ?? null, orgRoleCount);
  const mapped = mapError(e).body.error;
  if (!field) return e;
  const message = fieldMessage(e.errorCode, e.detail);
  return new HttpError({
    code: mapped.code,
    message: mapped.message,
    fields: { [field]: message },
    retryAfter: mapped.retryAfter,
  });
}

function fieldMessage(code: string | null, detail: string | null): string {
  switch (code) {
    case "USER_ALREADY_EXISTS":
      return "already has an Atlas account: invite it instead";
    case "USER_ALREADY_INVITED":
      return "already has a pending invitation to this organization";
    case "USER_ALREADY_IN_ORG":
      return "is already a member of this organization";
    case "COMMON_PASSWORD":
      return "is on Atlas's list of common passwords: choose another";
    case "ORG_NOT_FOUND":
      return "Atlas does not know this organization";
    case "GROUP_NOT_FOUND":
      return "Atlas does not know one of these projects";
    case "INVALID_ENUM_VALUE":
      return "Atlas does not accept one of these roles";
    default:
      return detail ? `Atlas refused it: ${detail}` : `Atlas refused it (${code ?? "no code"})`;
  }
}
