import { AtlasHttpError, err } from "../errors";
import { parseUsername, requireObject } from "../request";
import { isOrgRole, isProjectRole } from "../roles";
import type { Operation } from "../router";
import type { Account, GroupRoleAssignment, Org } from "../state";
import { isAtlasId, isPlainObject } from "../util";
import { DEPRECATED_2023_USERS_ERA } from "../versions";
import { accountView } from "../views";
import { assertNoPendingOrActive } from "./invites";

function requiredString(body: Record<string, unknown>, field: string): string {
  const v = body[field];
  if (v === undefined || v === null || v === "") throw err.missingAttribute(field);
  if (typeof v !== "string") throw err.invalidAttribute(field, "must be a string");
  return v;
}

// Atlas refuses database-user passwords found in common-password lists with 400 COMMON_PASSWORD (seen in
// the Atlas CLI's quickstart); createUser is assumed to apply the same rule, and to refuse a password that
// is the username or its local part (sim/README.md, "Unconfirmed behaviour").
const COMMON_PASSWORDS = new Set([
  "password",
  "password1",
  "password123",
  "12345678",
  "123456789",
  "1234567890",
  "qwerty123",
  "qwertyuiop",
  "iloveyou",
  "letmein1",
  "welcome1",
  "admin123",
  "abc12345",
  "11111111",
  "00000000",
  "baseball",
  "football",
  "sunshine",
  "princess",
  "mongodb1",
  "mongodb123",
]);

function isCommonPassword(password: string, username: string): boolean {
  const p = password.toLowerCase();
  const local = username.toLowerCase().split("@")[0] ?? "";
  return COMMON_PASSWORDS.has(p) || p === username.toLowerCase() || (local.length >= 4 && p.includes(local));
}

function commonPassword(): AtlasHttpError {
  return new AtlasHttpError(
    400,
    "COMMON_PASSWORD",
    "The password provided is too weak, as it can be found in most commonly used password lists.",
    [],
    [{ field: "password", description: "is too common" }],
  );
}

// An assigned ISO 3166-1 alpha-2 region: ICU names it ("ZZ" is ICU's "Unknown Region").
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
function isAssignedRegion(code: string): boolean {
  return code !== "ZZ" && code !== "EU" && code !== "UN" && regionNames.of(code) !== undefined;
}

// Digits with the usual separators, optionally international: 7 to 15 digits (E.164's maximum).
function isPhoneNumber(value: string): boolean {
  const compact = value.replace(/[\s().-]/g, "");
  return /^\+?[0-9]{7,15}$/.test(compact);
}

interface Grant {
  org: Org;
  orgRoles: string[];
  assignments: GroupRoleAssignment[];
}

/** POST /api/atlas/v2/users (createUser, `atlas users invite`): a new Atlas account, invited to the orgs and
 * projects named in `roles`. Atlas answers 201 with Location (the spec says 200). */
export const createUserOperation: Operation = {
  operationId: "createUser",
  method: "POST",
  template: "/api/atlas/v2/users",
  versions: [DEPRECATED_2023_USERS_ERA],
  roles: null,
  endpointSet: "users",
  scope: "caller",
  handler: (ctx) => {
    const body = requireObject(ctx.body);
    const username = parseUsername(body.username);
    const password = requiredString(body, "password");
    if (password.length < 8) throw err.invalidAttribute("password", "must be at least 8 characters");
    if (isCommonPassword(password, username)) throw commonPassword();
    const firstName = requiredString(body, "firstName");
    const lastName = requiredString(body, "lastName");
    const country = requiredString(body, "country");
    if (!/^([A-Z]{2})$/.test(country) || !isAssignedRegion(country))
      throw err.invalidAttribute("country", "must be an ISO 3166-1 alpha-2 code");
    const mobileNumber =
      body.mobileNumber === undefined || body.mobileNumber === null ? null : body.mobileNumber;
    if (mobileNumber !== null && typeof mobileNumber !== "string") {
      throw err.invalidAttribute("mobileNumber", "must be a string");
    }
    if (mobileNumber !== null && !isPhoneNumber(mobileNumber)) {
      throw err.invalidAttribute("mobileNumber", "must be a phone number");
    }
    if (!Array.isArray(body.roles) || body.roles.length === 0) throw err.missingAttribute("roles");

    const grants = new Map<string, Grant>();
    const grantFor = (org: Org) => {
      let g = grants.get(org.id);
      if (!g) grants.set(org.id, (g = { org, orgRoles: [], assignments: [] }));
      return g;
    };
    body.roles.forEach((r: unknown, i: number) => {
      const field = `roles[${i}]`;
      if (!isPlainObject(r)) throw err.invalidAttribute(field, "must be an object");
      const { orgId, groupId, roleName } = r;
      if (typeof roleName !== "string") throw err.missingAttribute(`${field}.roleName`);
      if ((orgId === undefined) === (groupId === undefined)) {
        throw err.invalidAttribute(field, "set either orgId or groupId, not both");
      }
      if (typeof orgId === "string") {
        if (!isAtlasId(orgId)) throw err.invalidId("ORG", orgId);
        const org = ctx.state.orgs.get(orgId);
        if (!org) throw err.orgNotFound(orgId);
        if (!isOrgRole(roleName)) throw err.invalidEnum(`${field}.roleName`, roleName);
        grantFor(org).orgRoles.push(roleName);
      } else if (typeof groupId === "string") {
        if (!isAtlasId(groupId)) throw err.invalidId("GROUP", groupId);
        const found = ctx.state.findProject(groupId);
        if (!found) throw err.groupNotFound(groupId);
        if (!isProjectRole(roleName)) throw err.invalidEnum(`${field}.roleName`, roleName);
        grantFor(found.org).assignments.push({ groupId, groupRoles: [roleName] });
      } else {
        throw err.invalidAttribute(field, "orgId or groupId must be a string");
      }
    });
    for (const g of grants.values()) {
      if (!(ctx.sa.orgRoles.get(g.org.id) ?? []).includes("ORG_OWNER")) {
        throw new AtlasHttpError(
          403,
          "USER_UNAUTHORIZED",
          `The currently authenticated service account does not have the Organization Owner role in organization ${g.org.id}.`,
          [g.org.id],
        );
      }
    }
    if (ctx.state.accounts.has(username.toLowerCase())) {
      throw new AtlasHttpError(
        409,
        "USER_ALREADY_EXISTS",
        `A user with username ${username} already exists.`,
        [username],
      );
    }
    for (const g of grants.values()) {
      ctx.state.refresh(g.org);
      assertNoPendingOrActive(g.org, username, 409);
    }

    const account: Account = {
      id: ctx.state.newId(),
      username,
      firstName,
      lastName,
      country,
      mobileNumber,
      createdMs: Math.floor(ctx.now / 1000) * 1000,
    };
    ctx.state.accounts.set(username.toLowerCase(), account);
    for (const g of grants.values()) {
      ctx.state.invite(g.org, {
        id: account.id,
        username,
        orgRoles: g.orgRoles.length ? g.orgRoles : ["ORG_MEMBER"],
        groupRoleAssignments: g.assignments,
        teamIds: [],
        inviterUsername: ctx.sa.clientId,
        via: "users",
      });
    }
    return {
      status: 201,
      body: accountView(account, ctx.baseUrl),
      headers: { Location: `${ctx.baseUrl}/api/atlas/v1.0/users/${account.id}` },
    };
  },
};
