// The contract tests' shared part (sim/test/contract/*.test.ts): the deviation table and its one judge,
// applyDeviations(), the spec, the demo data, the calls that succeed and the shared assertions. Every operation
// the simulator serves, in every version it serves, is checked against the official Atlas Admin API v2 spec
// (read at run time from ../shared/atlas-openapi/spec.yaml or $ATLAS_SPEC_PATH, never copied).
//
// Real Atlas breaks its own spec in a few places and the simulator copies those on purpose. They are listed once,
// in DEVIATIONS below, and forgiven in one place, applyDeviations(), by exact match (operation + JSON path +
// message, or operation + status + errorCode). Each deviation has a test that shows it still happens
// (deviations.test.ts), so the table cannot go stale, and there are tests that show anything else is still
// reported.
//
// Without the spec every contract file reports one named skip.

import { existsSync } from "node:fs";
import { beforeAll, expect } from "vitest";
import { DEMO, demoSeed, fixedId } from "../../src/demo-seed";
import type { Operation as SimOperation } from "../../src/router";
import type { SeedOrgUser } from "../../src/seed-types";
import { OPERATIONS } from "../../src/simulator";
import {
  bareMediaType,
  declaredStatuses,
  findOperation,
  loadSpec,
  operationVersions,
  requestSchema,
  responseSchema,
  specMissingReason,
  specPath,
  validate,
  validateResponse,
} from "../support/openapi";
import type { SchemaObject, Spec } from "../support/openapi";
import type { ApiResponse, TestSim } from "../support/sim";

// ---- deviations: where Atlas (and so the simulator) departs from the spec ------------------------------------

export const EVERY_OPERATION = [
  "listOrgs",
  "getOrg",
  "listOrgTeams",
  "getOrgTeam",
  "getOrgGroups",
  "listGroups",
  "listOrgInvites",
  "createOrgInvite",
  "updateOrgInvites",
  "getOrgInvite",
  "updateOrgInviteById",
  "deleteOrgInvite",
  "listOrgUsers",
  "createOrgUser",
  "getOrgUser",
  "updateOrgUser",
  "removeOrgUser",
  "addOrgTeamUser",
  "removeOrgTeamUser",
  "listGroupInvites",
  "createGroupInvite",
  "updateGroupInvites",
  "getGroupInvite",
  "updateGroupInviteById",
  "deleteGroupInvite",
  "createUser",
  "listRateLimits",
  "getRateLimit",
] as const;
export const ORG_INVITE_ANSWERS = [
  "listOrgInvites",
  "createOrgInvite",
  "updateOrgInvites",
  "getOrgInvite",
  "updateOrgInviteById",
];
export const GROUP_INVITE_ANSWERS = [
  "listGroupInvites",
  "createGroupInvite",
  "updateGroupInvites",
  "getGroupInvite",
  "updateGroupInviteById",
];
export const ORG_USER_ANSWERS = [
  "listOrgUsers",
  "createOrgUser",
  "getOrgUser",
  "updateOrgUser",
  "addOrgTeamUser",
  "removeOrgTeamUser",
];
export const WITH_BODY = [
  "createOrgInvite",
  "updateOrgInvites",
  "updateOrgInviteById",
  "createOrgUser",
  "updateOrgUser",
  "addOrgTeamUser",
  "removeOrgTeamUser",
  "createGroupInvite",
  "updateGroupInvites",
  "updateGroupInviteById",
  "createUser",
];
export const WITH_SUNSET = [
  ...ORG_INVITE_ANSWERS,
  "deleteOrgInvite",
  "listOrgUsers",
  "removeOrgUser",
  ...GROUP_INVITE_ANSWERS,
  "deleteGroupInvite",
  "createUser",
];

/** A regular expression that matches `text` literally. */
export const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
export const NAME_PATTERN = String.raw`^[\p{L}\p{N}\-_.(),:&@+']{1,64}$`;
/** A name made only of the characters NAME_PATTERN allows, plus spaces. */
export const NAME_WITH_SPACES = new RegExp(
  String.raw`^"[\p{L}\p{N}\-_.(),:&@+' ]{1,64}" does not match pattern ${literal(NAME_PATTERN)}$`,
  "u",
);
/** The start of the spec's mobileNumber pattern, whose backslashes are doubled. */
export const BROKEN_MOBILE_PATTERN_START = String.raw`(?:(?:\\+?1\\s*(?:[.-]\\s*)?)?`;
export const OBJECT_OR_PAGE_ITEM = String.raw`^\$(\.results\[\d+\]|\[\d+\])?`;

export type Forgives =
  /** A status the operation does not declare; the body is then validated as `bodyAs`. */
  | { status: number; errorCode?: RegExp; bodyAs: "ApiError" | { status: number } }
  /** One validation error, by JSON path and message. */
  | { direction: "response" | "request" | "both"; path: RegExp; message: RegExp };

export interface Deviation {
  id: string;
  operations: readonly string[];
  spec: string;
  atlas: string;
  source: string;
  forgives: Forgives;
}

export const DEVIATIONS: readonly Deviation[] = [
  {
    id: "CREATE_USER_201",
    operations: ["createUser"],
    spec: "POST /api/atlas/v2/users declares 200 (CloudAppUser).",
    atlas: "Answers 201 Created with a Location header; the body matches the 200 schema.",
    source: "REFERENCE.md §0.5, §0.7; recorded/atlasusers/TestAtlasUsers/Invite (HTTP/2.0 201 Created)",
    forgives: { status: 201, bodyAs: { status: 200 } },
  },
  {
    id: "INVITER_USERNAME_NOT_EMAIL",
    operations: [...ORG_INVITE_ANSWERS, ...ORG_USER_ANSWERS, ...GROUP_INVITE_ANSWERS],
    spec: "inviterUsername is format: email.",
    atlas:
      "Holds the inviting credential's id: an API key's public key (recorded) or a service account's client id (mdb_sa_id_…).",
    source:
      'REFERENCE.md §0.6, §0.7; recorded/atlasorginvitations ("inviterUsername":"nmtxqlkl"); the client-id form is UNCONFIRMED',
    forgives: {
      direction: "response",
      path: new RegExp(`${OBJECT_OR_PAGE_ITEM}\\.inviterUsername$`),
      message: /^"(mdb_sa_id_[a-fA-F\d]{24}|[a-z]{8})" is not a valid email$/,
    },
  },
  {
    id: "API_ERROR_PARAMETERS_SCALARS",
    operations: EVERY_OPERATION,
    spec: "ApiError.parameters is an array of objects.",
    atlas: "Holds strings and numbers (the id, username, version or bucket settings named in `detail`).",
    source:
      'Atlas rate-limit docs, 429 example body "parameters":["api/atlas/v2/orgs",55,10,5,60] (REFERENCE.md §6)',
    forgives: {
      direction: "response",
      path: /^\$\.parameters\[\d+\]$/,
      message: /^expected object, got (string|integer|number) /,
    },
  },
  {
    id: "MOBILE_NUMBER_NULL",
    operations: ["listOrgUsers", "getOrgUser", "updateOrgUser"],
    spec: "mobileNumber (CloudAppUser, OrgActiveUserResponse) is a string, not nullable.",
    atlas: "Active users come back with mobileNumber: null.",
    source: 'REFERENCE.md §0.7; recorded/atlasorgs/TestAtlasOrgs/List_Org_Users ("mobileNumber":null)',
    forgives: {
      direction: "response",
      path: new RegExp(`${OBJECT_OR_PAGE_ITEM}\\.mobileNumber$`),
      message: /^null is not allowed \(type string, not nullable\)$/,
    },
  },
  {
    id: "MOBILE_NUMBER_PATTERN_BROKEN",
    operations: ["createUser", "listOrgUsers", "getOrgUser", "updateOrgUser"],
    spec: "mobileNumber must match a US-phone pattern written with doubled backslashes (`\\\\s`, `\\\\+`), so it demands literal backslashes and no real number matches.",
    atlas: "Accepts and returns ordinary phone numbers such as +1 212-555-0123.",
    source:
      "spec.yaml CloudAppUser.mobileNumber and OrgActiveUserResponse.mobileNumber `pattern`; REFERENCE.md §0.7",
    forgives: {
      direction: "both",
      path: new RegExp(`${OBJECT_OR_PAGE_ITEM}\\.mobileNumber$`),
      message: new RegExp(
        String.raw`^"\+?[0-9 ().-]{7,20}" does not match pattern ${literal(BROKEN_MOBILE_PATTERN_START)}`,
      ),
    },
  },
  {
    id: "CLOUD_APP_USER_MISSING_FIELDS",
    operations: ["listOrgUsers", "createUser"],
    spec: "CloudAppUser requires password and mobileNumber.",
    atlas:
      "Never returns password; the createUser answer has no mobileNumber either, even when one was sent.",
    source:
      "REFERENCE.md §0.7; recorded/atlasusers/TestAtlasUsers/Invite (no password, no mobileNumber in the answer)",
    forgives: {
      direction: "response",
      path: /^\$(\.results\[\d+\])?$/,
      message: /^missing required property "(password|mobileNumber)"$/,
    },
  },
  {
    id: "ORG_NAME_WITH_SPACES",
    operations: ["listOrgs", "getOrg", ...ORG_INVITE_ANSWERS],
    spec: `Organization name / orgName must match ${NAME_PATTERN} (no spaces).`,
    atlas: 'Organization names contain spaces ("Atlas CLI E2E"; the demo seed\'s "Demo Org").',
    source: 'REFERENCE.md §0.7; recorded/atlasorgs and recorded/atlasorginvitations ("Atlas CLI E2E")',
    forgives: {
      direction: "response",
      path: new RegExp(`${OBJECT_OR_PAGE_ITEM}\\.(name|orgName)$`),
      message: NAME_WITH_SPACES,
    },
  },
  {
    id: "PROJECT_NAME_WITH_SPACES",
    operations: ["getOrgGroups", "listGroups", ...GROUP_INVITE_ANSWERS],
    spec: `Group name / GroupInvitation groupName must match ${NAME_PATTERN} (no spaces).`,
    atlas: 'Project names contain spaces (the demo seed\'s "Analytics Warehouse").',
    source:
      "Atlas docs, Manage projects (mongodb.com/docs/atlas/tutorial/manage-projects): a project name is restricted to letters, numbers, spaces, …; same pattern as ORG_NAME_WITH_SPACES",
    forgives: {
      direction: "response",
      path: new RegExp(`${OBJECT_OR_PAGE_ITEM}\\.(name|groupName)$`),
      message: NAME_WITH_SPACES,
    },
  },
  {
    id: "NOT_ACCEPTABLE_406",
    operations: EVERY_OPERATION,
    spec: "No operation declares 406.",
    atlas:
      "A missing, malformed or too early Accept version answers 406 with an ApiError body (errorCode UNCONFIRMED).",
    source:
      "REFERENCE.md §1 (user report montumodi/mongodb-atlas-api-client#58), §9; sim/README.md 'Versioning'",
    forgives: { status: 406, bodyAs: "ApiError" },
  },
  {
    id: "VERSION_GONE_410",
    operations: WITH_SUNSET,
    spec: "components.responses.gone exists, but no operation lists 410.",
    atlas: "Once a version's x-sunset date has passed it answers 410 VERSION_GONE.",
    source: "REFERENCE.md §0.1, §1; spec components.responses.gone; mongodb/mongodb-atlas-cli#4472",
    forgives: { status: 410, errorCode: /^VERSION_GONE$/, bodyAs: "ApiError" },
  },
  {
    id: "UNSUPPORTED_MEDIA_TYPE_415",
    operations: WITH_BODY,
    spec: "No operation declares 415.",
    atlas: "A body that is not JSON (e.g. a form) answers 415 with an ApiError body.",
    source: "Project brief; RFC 9110 §15.5.16; Atlas's errorCode for it is UNCONFIRMED",
    forgives: { status: 415, bodyAs: "ApiError" },
  },
  {
    id: "UNDECLARED_400",
    operations: [
      "listGroupInvites",
      "createGroupInvite",
      "getGroupInvite",
      "deleteGroupInvite",
      "createUser",
    ],
    spec: "These operations declare no 400, although their id parameters have a pattern and their bodies a schema.",
    atlas:
      "A malformed id or an invalid body answers 400 with the Atlas error shape, as on every other operation.",
    source:
      "sim/README.md ('Ids validated by ^([a-f0-9]{24})$ (400 with the Atlas error shape)'); REFERENCE.md §1, §7; UNCONFIRMED on these five operations",
    forgives: {
      status: 400,
      errorCode:
        /^(INVALID_(ORG|GROUP|INVITATION)_ID|INVALID_JSON|INVALID_ATTRIBUTE|INVALID_ENUM_VALUE|INVALID_EMAIL_ADDRESS|MISSING_ATTRIBUTE|USER_ALREADY_IN_GROUP|COMMON_PASSWORD)$/,
      bodyAs: "ApiError",
    },
  },
  {
    id: "CREATE_USER_409",
    operations: ["createUser"],
    spec: "createUser declares no 409.",
    atlas:
      "An existing account, or a person already pending or active in an org the roles name, answers 409 like createOrgUser's documented conflict.",
    source: "createOrgUser's 409 (REFERENCE.md §2d) by analogy; UNCONFIRMED for createUser (sim/README.md)",
    forgives: { status: 409, errorCode: /^USER_ALREADY_(EXISTS|INVITED|IN_ORG)$/, bodyAs: "ApiError" },
  },
  {
    id: "BODY_TOO_LARGE_413",
    operations: WITH_BODY,
    spec: "No operation declares 413.",
    atlas: "A request body over 1 MiB is refused with 413 and an ApiError body before it is parsed.",
    source: "RFC 9110 §15.5.14; Atlas's limit and errorCode are UNCONFIRMED (sim/README.md)",
    forgives: { status: 413, errorCode: /^REQUEST_TOO_LARGE$/, bodyAs: "ApiError" },
  },
];

/** What was validated: a request body, or an answer (with its status and whether the spec declares it). */
export interface Observation {
  operationId: string;
  direction: "request" | "response";
  status?: number;
  declared?: boolean;
  contentType?: string;
  errorCode?: unknown;
  body?: unknown;
  /** The validator's errors (for an undeclared status: the one "not declared" message). */
  errors: string[];
}

export interface Judgement {
  /** What is still wrong after the deviations: empty means spec-valid or a listed deviation. */
  problems: string[];
  /** Ids of the deviations that allowed a status or forgave an error. */
  applied: string[];
}

export const API_ERROR_REF = "#/components/schemas/ApiError";

export function splitError(error: string): { path: string; message: string } {
  const at = error.indexOf(": ");
  return at < 0 ? { path: "", message: error } : { path: error.slice(0, at), message: error.slice(at + 2) };
}

/** The one place deviations are applied: allows a listed undeclared status, drops listed validation errors. */
export function applyDeviations(spec: Spec, obs: Observation): Judgement {
  const mine = DEVIATIONS.filter((d) => d.operations.includes(obs.operationId));
  const applied = new Set<string>();
  let errors = obs.errors;
  if (obs.direction === "response" && obs.declared === false) {
    const allow = mine.find(
      (d) =>
        "status" in d.forgives &&
        d.forgives.status === obs.status &&
        (!d.forgives.errorCode ||
          (typeof obs.errorCode === "string" && d.forgives.errorCode.test(obs.errorCode))),
    );
    if (!allow || !("status" in allow.forgives)) return { problems: obs.errors, applied: [] };
    applied.add(allow.id);
    const { bodyAs } = allow.forgives;
    let schema: SchemaObject | undefined = { $ref: API_ERROR_REF };
    if (bodyAs !== "ApiError") {
      const op = findOperationById(obs.operationId);
      schema = responseSchema(spec, op.method, op.template, bodyAs.status, obs.contentType ?? "");
      if (!schema) return { problems: [`no ${bodyAs.status} schema to validate against`], applied: [] };
    }
    errors = validate(spec, schema, obs.body, { direction: "response" });
  }
  const problems = errors.filter((error) => {
    const { path: at, message } = splitError(error);
    const forgiver = mine.find(
      (d) =>
        "direction" in d.forgives &&
        (d.forgives.direction === "both" || d.forgives.direction === obs.direction) &&
        d.forgives.path.test(at) &&
        d.forgives.message.test(message),
    );
    if (forgiver) applied.add(forgiver.id);
    return !forgiver;
  });
  return { problems, applied: [...applied] };
}

// ---- the spec ------------------------------------------------------------------------------------------------

export const spec = loadSpec();
export const S = (): Spec => {
  if (!spec) throw new Error(specMissingReason() ?? "spec not loaded");
  return spec;
};
export const SKIP_NOTE = spec
  ? ""
  : existsSync(specPath())
    ? ` (skipped: ${specMissingReason()})`
    : ` (skipped: ${specPath()} is absent)`;

export function findOperationById(operationId: string): SimOperation {
  const op = OPERATIONS.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`the simulator has no operation ${operationId}`);
  return op;
}

/** The spec deprecates a version when the whole operation is deprecated or a newer dated version exists. */
export function specDeprecates(op: SimOperation, version: string): boolean {
  if (findOperation(S(), op.method, op.template)?.deprecated === true) return true;
  return operationVersions(S(), op.method, op.template).some(
    (v) => /^\d{4}-\d{2}-\d{2}$/.test(v.version) && v.version > version,
  );
}

export const media = (version: string) => `application/vnd.atlas.${version}+json`;
export const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

export function requestProblems(op: SimOperation, version: string, body: unknown): string[] {
  const schema = requestSchema(S(), op.method, op.template, media(version));
  if (!schema) return [`${op.operationId} ${version} declares no request body`];
  const errors = validate(S(), schema, body, { direction: "request" });
  return applyDeviations(S(), { operationId: op.operationId, direction: "request", errors }).problems;
}

/** The raw observation of an answer: validated against what the spec declares for it. */
export function observe(op: SimOperation, res: ApiResponse): Observation {
  const body = res.text === "" ? undefined : (res.body as unknown);
  const contentType = res.headers.get("content-type") ?? "";
  const v = validateResponse(S(), {
    method: op.method,
    pathTemplate: op.template,
    status: res.status,
    contentType,
    body,
  });
  const errorCode = typeof body === "object" && body !== null ? (body as any).errorCode : undefined;
  return {
    operationId: op.operationId,
    direction: "response",
    status: res.status,
    declared: v.declared,
    contentType,
    errorCode,
    body,
    errors: v.errors,
  };
}

export interface Checked extends Judgement {
  skipped?: string;
}

/** An answer judged against the spec; envelope=true answers are not checked against the plain schema. */
export function checkAnswer(op: SimOperation, requestPath: string, res: ApiResponse): Checked {
  if (new URL(requestPath, "http://sim").searchParams.get("envelope") === "true") {
    return { problems: [], applied: [], skipped: "envelope=true is not checked against the plain schema" };
  }
  return applyDeviations(S(), observe(op, res));
}

// ---- demo data and the calls that succeed --------------------------------------------------------------------

export const V23 = "2023-01-01";
export const V25 = "2025-02-19";
export const V_RATE_LIMITS = "2025-03-12";
export const RATE_LIMITS = "/api/atlas/v2/rateLimits";
export const ORG = DEMO.orgId;
export const ORG_PATH = `/api/atlas/v2/orgs/${ORG}`;
export const TEAM = (n: number) => fixedId("5f2", n);
export const PROJECT = (n: number) => fixedId("5f3", n);
export const ACTIVE = (n: number) => fixedId("5f4", n);
export const PENDING = (n: number) => fixedId("5f5", n);
export const INVITE = (n: number) => fixedId("5f6", n);
/** 1–4: INVITATION_EXPIRED, 5–6: INVITATION_REJECTED. */
export const LAPSED = (n: number) => fixedId("5f7", n);
/** Project invitations 1, 2, 3 are in projects 1, 4, 6. */
export const PROJECT_INVITE = (n: number) => fixedId("5f8", n);
export const unknownId = (prefix: string) => prefix + "e".repeat(24 - prefix.length);

export const SEED_ORG = demoSeed(0).orgs?.[0];
export function seedUser(id: string): SeedOrgUser {
  const user = SEED_ORG?.users?.find((u) => u.id === id || u.invitationId === id);
  if (!user) throw new Error(`no demo user ${id}`);
  return user;
}
export function seedProjectInvitationUsername(id: string): string {
  const inv = SEED_ORG?.projectInvitations?.find((i) => i.id === id);
  if (!inv) throw new Error(`no demo project invitation ${id}`);
  return inv.username;
}

export const RUN = Date.now().toString(36);
export let emails = 0;
export const freshEmail = (tag: string) => `${tag}.${RUN}.${++emails}@contract-test.example`;

export const createUserBody = (extra: Record<string, unknown> = {}) => ({
  username: freshEmail("account"),
  password: "Correct-Horse-Battery-9",
  firstName: "Nova",
  lastName: "Reyes",
  country: "US",
  mobileNumber: "+1 212-555-0123",
  roles: [
    { orgId: ORG, roleName: "ORG_MEMBER" },
    { groupId: PROJECT(1), roleName: "GROUP_READ_ONLY" },
  ],
  ...extra,
});

export interface Call {
  operationId: string;
  version: string;
  label: string;
  path: string;
  /** Built per call, so that every create uses a fresh e-mail. */
  body?: () => unknown;
  status: number;
  check?: (body: any) => void;
}

export const ALL_STATUSES = ["ACTIVE", "PENDING", "INVITATION_EXPIRED", "INVITATION_REJECTED"];
export const statusQuery = (statuses: string[]) =>
  statuses.map((s) => `orgMembershipStatuses=${s}`).join("&");
export const GROUP_INVITES = (n: number) => `/api/atlas/v2/groups/${PROJECT(n)}/invites`;

export const success = (
  operationId: string,
  version: string,
  label: string,
  path: string,
  status = 200,
  more: Pick<Call, "body" | "check"> = {},
): Call => ({ operationId, version, label, path, status, ...more });
export const count = (n: number) => ({ check: (b: any) => expect(b.results ?? b).toHaveLength(n) });
export const membershipIs = (status: string) => ({
  check: (b: any) => expect(b.orgMembershipStatus).toBe(status),
});
export const q = encodeURIComponent;

/** For each operation the first call of its newest version is its "primary" call, used by the error tests. */
export const SUCCESS: Call[] = [
  success("listOrgs", V23, "all", "/api/atlas/v2/orgs"),
  success(
    "listOrgs",
    V23,
    "name prefix, 1 per page, no count",
    "/api/atlas/v2/orgs?name=demo&itemsPerPage=1&includeCount=false",
    200,
    count(1),
  ),
  success("listOrgs", V23, "pretty=true", "/api/atlas/v2/orgs?pretty=true"),
  success("getOrg", V23, "Demo Org", ORG_PATH),
  success("listOrgTeams", V23, "all", `${ORG_PATH}/teams`),
  success(
    "listOrgTeams",
    V23,
    "page 2 of 2 per page",
    `${ORG_PATH}/teams?pageNum=2&itemsPerPage=2`,
    200,
    count(2),
  ),
  success("getOrgTeam", V23, "team 1", `${ORG_PATH}/teams/${TEAM(1)}`),
  success("getOrgGroups", V23, "all", `${ORG_PATH}/groups`),
  success("getOrgGroups", V23, "name prefix", `${ORG_PATH}/groups?name=ana&itemsPerPage=5`, 200, count(1)),
  success(
    "getOrgGroups",
    V23,
    "page 2, no count",
    `${ORG_PATH}/groups?pageNum=2&itemsPerPage=3&includeCount=false`,
  ),
  success("listGroups", V23, "all", "/api/atlas/v2/groups"),
  success("listGroups", V23, "page 2", "/api/atlas/v2/groups?pageNum=2&itemsPerPage=5"),
  success("listOrgInvites", V23, "all", `${ORG_PATH}/invites`),
  success(
    "listOrgInvites",
    V23,
    "by username",
    `${ORG_PATH}/invites?username=${q(seedUser(INVITE(4)).username)}`,
    200,
    count(1),
  ),
  success("createOrgInvite", V23, "with teams and project roles", `${ORG_PATH}/invites`, 200, {
    body: () => ({
      username: freshEmail("legacy"),
      roles: ["ORG_MEMBER", "ORG_GROUP_CREATOR"],
      teamIds: [TEAM(1)],
      groupRoleAssignments: [
        { groupId: PROJECT(1), roles: ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"] },
      ],
    }),
  }),
  success("createOrgInvite", V23, "org role only", `${ORG_PATH}/invites`, 200, {
    body: () => ({ username: freshEmail("legacy-min"), roles: ["ORG_READ_ONLY"] }),
  }),
  success("updateOrgInvites", V23, "by username", `${ORG_PATH}/invites`, 200, {
    body: () => ({
      username: seedUser(INVITE(5)).username,
      roles: ["ORG_BILLING_READ_ONLY"],
      teamIds: [TEAM(2)],
    }),
  }),
  success("getOrgInvite", V23, "invitation 2", `${ORG_PATH}/invites/${INVITE(2)}`),
  success("updateOrgInviteById", V23, "roles, teams and projects", `${ORG_PATH}/invites/${INVITE(2)}`, 200, {
    body: () => ({
      roles: ["ORG_MEMBER"],
      teamIds: [TEAM(3)],
      groupRoleAssignments: [{ groupId: PROJECT(4), roles: ["GROUP_OWNER"] }],
    }),
  }),
  success("deleteOrgInvite", V23, "invitation 6", `${ORG_PATH}/invites/${INVITE(6)}`, 204),
  success(
    "listOrgUsers",
    V25,
    "all 4 statuses",
    `${ORG_PATH}/users?${statusQuery(ALL_STATUSES)}&itemsPerPage=500`,
    200,
    {
      check: (b) =>
        expect(new Set(b.results.map((u: any) => u.orgMembershipStatus))).toEqual(new Set(ALL_STATUSES)),
    },
  ),
  ...ALL_STATUSES.map((status) =>
    success(
      "listOrgUsers",
      V25,
      `${status} only`,
      `${ORG_PATH}/users?${statusQuery([status])}&itemsPerPage=500`,
      200,
      {
        check: (b) => {
          expect(b.results.length).toBeGreaterThan(0);
          for (const u of b.results) expect(u.orgMembershipStatus).toBe(status);
        },
      },
    ),
  ),
  success("listOrgUsers", V25, "default (ACTIVE + PENDING)", `${ORG_PATH}/users`),
  success(
    "listOrgUsers",
    V25,
    "by username, deprecated orgMembershipStatus",
    `${ORG_PATH}/users?username=${q(seedUser(LAPSED(1)).username)}&orgMembershipStatus=INVITATION_EXPIRED`,
    200,
    count(1),
  ),
  success(
    "listOrgUsers",
    V25,
    "page 2, no count",
    `${ORG_PATH}/users?${statusQuery(["PENDING", "ACTIVE"])}&pageNum=2&itemsPerPage=7&includeCount=false`,
  ),
  success("listOrgUsers", V23, "active members", `${ORG_PATH}/users`),
  success("listOrgUsers", V23, "page 2", `${ORG_PATH}/users?pageNum=2&itemsPerPage=10`),
  success("createOrgUser", V25, "with project roles and teams", `${ORG_PATH}/users`, 201, {
    body: () => ({
      username: freshEmail("user"),
      roles: {
        orgRoles: ["ORG_MEMBER"],
        groupRoleAssignments: [{ groupId: PROJECT(2), groupRoles: ["GROUP_READ_ONLY"] }],
      },
      teamIds: [TEAM(1), TEAM(2)],
    }),
    ...membershipIs("PENDING"),
  }),
  success("createOrgUser", V25, "org role only", `${ORG_PATH}/users`, 201, {
    body: () => ({ username: freshEmail("user-min"), roles: { orgRoles: ["ORG_READ_ONLY"] } }),
  }),
  success("getOrgUser", V25, "ACTIVE", `${ORG_PATH}/users/${ACTIVE(4)}`, 200, membershipIs("ACTIVE")),
  success("getOrgUser", V25, "PENDING", `${ORG_PATH}/users/${PENDING(2)}`, 200, membershipIs("PENDING")),
  success(
    "getOrgUser",
    V25,
    "INVITATION_EXPIRED",
    `${ORG_PATH}/users/${LAPSED(1)}`,
    200,
    membershipIs("INVITATION_EXPIRED"),
  ),
  success(
    "getOrgUser",
    V25,
    "INVITATION_REJECTED",
    `${ORG_PATH}/users/${LAPSED(5)}`,
    200,
    membershipIs("INVITATION_REJECTED"),
  ),
  success("updateOrgUser", V25, "pending user: roles and teams", `${ORG_PATH}/users/${PENDING(7)}`, 200, {
    body: () => ({
      roles: {
        orgRoles: ["ORG_READ_ONLY"],
        groupRoleAssignments: [{ groupId: PROJECT(3), groupRoles: ["GROUP_DATA_ACCESS_READ_ONLY"] }],
      },
      teamIds: [TEAM(4)],
    }),
  }),
  success("updateOrgUser", V25, "active user: teams", `${ORG_PATH}/users/${ACTIVE(8)}`, 200, {
    body: () => ({ teamIds: [TEAM(5)] }),
  }),
  success("removeOrgUser", V25, "pending user", `${ORG_PATH}/users/${PENDING(20)}`, 204),
  success("removeOrgUser", V23, "active member", `${ORG_PATH}/users/${ACTIVE(12)}`, 204),
  success("addOrgTeamUser", V25, "pending user", `${ORG_PATH}/teams/${TEAM(1)}:addUser`, 200, {
    body: () => ({ id: PENDING(3) }),
    check: (b) => {
      expect(b.orgMembershipStatus).toBe("PENDING");
      expect(b.teamIds).toContain(TEAM(1));
    },
  }),
  success("removeOrgTeamUser", V25, "pending user", `${ORG_PATH}/teams/${TEAM(1)}:removeUser`, 200, {
    body: () => ({ id: PENDING(3) }),
    check: (b) => expect(b.teamIds).not.toContain(TEAM(1)),
  }),
  success("listGroupInvites", V23, "project 1", GROUP_INVITES(1)),
  success("listGroupInvites", V23, "project 4", GROUP_INVITES(4)),
  success(
    "listGroupInvites",
    V23,
    "by username",
    `${GROUP_INVITES(6)}?username=${q(seedProjectInvitationUsername(PROJECT_INVITE(3)))}`,
    200,
    count(1),
  ),
  success("createGroupInvite", V23, "two project roles", GROUP_INVITES(1), 200, {
    body: () => ({
      username: freshEmail("project"),
      roles: ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"],
    }),
  }),
  success("updateGroupInvites", V23, "by username", GROUP_INVITES(1), 200, {
    body: () => ({ username: seedProjectInvitationUsername(PROJECT_INVITE(1)), roles: ["GROUP_OWNER"] }),
  }),
  success("getGroupInvite", V23, "invitation 1", `${GROUP_INVITES(1)}/${PROJECT_INVITE(1)}`),
  success("updateGroupInviteById", V23, "roles", `${GROUP_INVITES(4)}/${PROJECT_INVITE(2)}`, 200, {
    body: () => ({ roles: ["GROUP_CLUSTER_MANAGER"] }),
  }),
  success("deleteGroupInvite", V23, "invitation 3", `${GROUP_INVITES(6)}/${PROJECT_INVITE(3)}`, 204),
  success("createUser", V23, "org and project role", "/api/atlas/v2/users", 201, {
    body: () => createUserBody(),
  }),
  success("listRateLimits", V_RATE_LIMITS, "all", RATE_LIMITS),
  success("listRateLimits", V_RATE_LIMITS, "org scope", `${RATE_LIMITS}?orgId=${ORG}`, 200, {
    check: (b) => {
      expect(b.results.length).toBeGreaterThan(0);
      for (const s of b.results) expect(s.scope).toBe("ORGANIZATION");
    },
  }),
  success(
    "listRateLimits",
    V_RATE_LIMITS,
    "by endpoint path, 1 per page",
    `${RATE_LIMITS}?endpointPath=${q(`/api/atlas/v2/orgs/{orgId}/users`)}&itemsPerPage=1`,
    200,
    count(1),
  ),
  success("getRateLimit", V_RATE_LIMITS, "org users", `${RATE_LIMITS}/orgUsers_organization?orgId=${ORG}`),
];

export const newest = (op: SimOperation) => op.versions[op.versions.length - 1]!.version;
export function primary(op: SimOperation): Call {
  const call = SUCCESS.find((c) => c.operationId === op.operationId && c.version === newest(op));
  if (!call) throw new Error(`no success call for ${op.operationId} ${newest(op)}`);
  return call;
}

export const ID_PARAMS: Record<string, { kind: string; prefix: string; notFound: string }> = {
  orgId: { kind: "ORG", prefix: "5f1", notFound: "ORG_NOT_FOUND" },
  groupId: { kind: "GROUP", prefix: "5f3", notFound: "GROUP_NOT_FOUND" },
  teamId: { kind: "TEAM", prefix: "5f2", notFound: "TEAM_NOT_FOUND" },
  userId: { kind: "USER", prefix: "5f4", notFound: "USER_NOT_FOUND" },
  invitationId: { kind: "INVITATION", prefix: "5f6", notFound: "INVITATION_NOT_FOUND" },
};
export const pathParams = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

export function validParams(op: SimOperation): Record<string, string> {
  return {
    orgId: ORG,
    groupId: PROJECT(1),
    teamId: TEAM(1),
    userId: ACTIVE(12),
    invitationId: op.template.startsWith("/api/atlas/v2/groups/") ? PROJECT_INVITE(1) : INVITE(2),
  };
}
export function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? `{${name}}`));
}

// ---- the tests -----------------------------------------------------------------------------------------------
// ---- shared assertions ----------------------------------------------------------------------------------------

export function declaredStatusesOfAll(operationIds: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const id of operationIds) {
    const op = findOperationById(id);
    for (const s of declaredStatuses(S(), op.method, op.template)) out.add(s);
  }
  return out;
}

export function expectVersionHeaders(op: SimOperation, version: string, res: ApiResponse): void {
  const v = op.versions.find((x) => x.version === version)!;
  const specSunset = operationVersions(S(), op.method, op.template).find(
    (x) => x.version === version,
  )?.sunset;
  const header = (name: string) => {
    const value = res.headers.get(name);
    return value === null ? null : Date.parse(value);
  };
  expect(header("sunset"), "Sunset header").toBe(specSunset ? dayMs(specSunset) : null);
  expect(header("deprecation"), "Deprecation header").toBe(v.deprecation ? dayMs(v.deprecation) : null);
  expect(Number(res.headers.get("ratelimit-limit"))).toBeGreaterThan(0);
  expect(res.headers.get("ratelimit-remaining")).toMatch(/^\d+$/);
}

/** An Atlas error: the status, application/json, and an ApiError body valid for a declared (or listed) status. */
export function expectApiError(
  op: SimOperation,
  requestPath: string,
  res: ApiResponse<any>,
  status: number,
  errorCode?: string | RegExp,
): void {
  expect(res.status, `${op.operationId} ${requestPath}: ${res.text}`).toBe(status);
  expect(bareMediaType(res.headers.get("content-type") ?? "")).toBe("application/json");
  const checked = checkAnswer(op, requestPath, res);
  expect(checked.problems, `${op.operationId} ${status}`).toEqual([]);
  if (declaredStatuses(S(), op.method, op.template).includes(String(status))) {
    expect(responseSchema(S(), op.method, op.template, status, "application/json")?.$ref).toBe(API_ERROR_REF);
  }
  expect(res.body.error).toBe(status);
  if (typeof errorCode === "string") expect(res.body.errorCode).toBe(errorCode);
  else if (errorCode) expect(res.body.errorCode).toMatch(errorCode);
}

/** Access tokens of the member-only account and of the Second Org owner, fetched from `sim` before the tests. */
export function useRoleTokens(sim: TestSim): Record<"member" | "second", string> {
  const tokens = { member: "", second: "" };
  beforeAll(async () => {
    tokens.member = await sim.token(DEMO.member);
    tokens.second = await sim.token(DEMO.second);
  });
  return tokens;
}

/** Moves the simulated clock a day past `date` (the clock only moves forward). */
export async function moveClockPast(sim: TestSim, date: string): Promise<void> {
  const now = Date.parse((await sim.control("GET", "/__sim/clock")).body.now);
  const seconds = Math.max(0, Math.ceil((dayMs(date) - now) / 1000)) + 24 * 3600;
  const moved = await sim.control("POST", "/__sim/clock", { advanceSeconds: seconds });
  expect(Date.parse(moved.body.now)).toBeGreaterThan(dayMs(date));
}

// ---- resources: the contract files, one per resource --------------------------------------------------------

export type Resource =
  "orgs" | "teams" | "projects" | "invitations" | "project-invitations" | "users" | "rate-limits";

/** Which contract file checks each operation (a new operation without one does not compile). */
export const RESOURCE_OF: Record<(typeof EVERY_OPERATION)[number], Resource> = {
  listOrgs: "orgs",
  getOrg: "orgs",
  listOrgTeams: "teams",
  getOrgTeam: "teams",
  addOrgTeamUser: "teams",
  removeOrgTeamUser: "teams",
  getOrgGroups: "projects",
  listGroups: "projects",
  listOrgInvites: "invitations",
  createOrgInvite: "invitations",
  updateOrgInvites: "invitations",
  getOrgInvite: "invitations",
  updateOrgInviteById: "invitations",
  deleteOrgInvite: "invitations",
  listGroupInvites: "project-invitations",
  createGroupInvite: "project-invitations",
  updateGroupInvites: "project-invitations",
  getGroupInvite: "project-invitations",
  updateGroupInviteById: "project-invitations",
  deleteGroupInvite: "project-invitations",
  listOrgUsers: "users",
  createOrgUser: "users",
  getOrgUser: "users",
  updateOrgUser: "users",
  removeOrgUser: "users",
  createUser: "users",
  listRateLimits: "rate-limits",
  getRateLimit: "rate-limits",
};

/** The simulator's operations that `resource`'s contract file checks. */
export const operationsOf = (resource: Resource): SimOperation[] =>
  OPERATIONS.filter((op) => RESOURCE_OF[op.operationId as keyof typeof RESOURCE_OF] === resource);
