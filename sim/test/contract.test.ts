// Contract tests: every operation the simulator serves, in every version it serves, against the official Atlas
// Admin API v2 spec (read at run time from ../shared/atlas-openapi/spec.yaml or $ATLAS_SPEC_PATH, never copied).
//
// Real Atlas breaks its own spec in a few places and the simulator copies those on purpose. They are listed once,
// in DEVIATIONS below, and forgiven in one place, applyDeviations(), by exact match (operation + JSON path +
// message, or operation + status + errorCode). Each deviation has a test that shows it still happens, so the
// table cannot go stale, and there are tests that show anything else is still reported.
//
// Without the spec the whole file reports one named skip.

import { existsSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO, demoSeed, fixedId } from "../src/demo-seed";
import type { Operation as SimOperation } from "../src/router";
import type { EndpointSetName, RateLimitSetting, Seed, SeedOrgUser } from "../src/seed-types";
import { OPERATIONS } from "../src/simulator";
import type { SchemaObject, Spec } from "./support/openapi";
import {
  bareMediaType,
  compilePattern,
  declaredStatuses,
  findOperation,
  loadSpec,
  operationVersions,
  requestSchema,
  resolveRef,
  responseSchema,
  rolesRequirements,
  specMissingReason,
  specPath,
  validate,
  validateResponse,
} from "./support/openapi";
import { header, loadRecordings, matchOperation, recordingsAvailable, versionOf } from "./support/recorded";
import { startTestSim } from "./support/sim";
import type { ApiOptions, ApiResponse, TestSim } from "./support/sim";

// ---- deviations: where Atlas (and so the simulator) departs from the spec ------------------------------------

const EVERY_OPERATION = [
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
] as const;
const ORG_INVITE_ANSWERS = [
  "listOrgInvites",
  "createOrgInvite",
  "updateOrgInvites",
  "getOrgInvite",
  "updateOrgInviteById",
];
const GROUP_INVITE_ANSWERS = [
  "listGroupInvites",
  "createGroupInvite",
  "updateGroupInvites",
  "getGroupInvite",
  "updateGroupInviteById",
];
const ORG_USER_ANSWERS = [
  "listOrgUsers",
  "createOrgUser",
  "getOrgUser",
  "updateOrgUser",
  "addOrgTeamUser",
  "removeOrgTeamUser",
];
const WITH_BODY = [
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
const WITH_SUNSET = [
  ...ORG_INVITE_ANSWERS,
  "deleteOrgInvite",
  "listOrgUsers",
  "removeOrgUser",
  ...GROUP_INVITE_ANSWERS,
  "deleteGroupInvite",
  "createUser",
];

/** A regular expression that matches `text` literally. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const NAME_PATTERN = String.raw`^[\p{L}\p{N}\-_.(),:&@+']{1,64}$`;
/** A name made only of the characters NAME_PATTERN allows, plus spaces. */
const NAME_WITH_SPACES = new RegExp(
  String.raw`^"[\p{L}\p{N}\-_.(),:&@+' ]{1,64}" does not match pattern ${literal(NAME_PATTERN)}$`,
  "u",
);
/** The start of the spec's mobileNumber pattern, whose backslashes are doubled. */
const BROKEN_MOBILE_PATTERN_START = String.raw`(?:(?:\\+?1\\s*(?:[.-]\\s*)?)?`;
const OBJECT_OR_PAGE_ITEM = String.raw`^\$(\.results\[\d+\]|\[\d+\])?`;

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

const API_ERROR_REF = "#/components/schemas/ApiError";

function splitError(error: string): { path: string; message: string } {
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

const spec = loadSpec();
const S = (): Spec => {
  if (!spec) throw new Error(specMissingReason() ?? "spec not loaded");
  return spec;
};
const SKIP_NOTE = spec
  ? ""
  : existsSync(specPath())
    ? ` (skipped: ${specMissingReason()})`
    : ` (skipped: ${specPath()} is absent)`;

function findOperationById(operationId: string): SimOperation {
  const op = OPERATIONS.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`the simulator has no operation ${operationId}`);
  return op;
}

/** The spec deprecates a version when the whole operation is deprecated or a newer dated version exists. */
function specDeprecates(op: SimOperation, version: string): boolean {
  if (findOperation(S(), op.method, op.template)?.deprecated === true) return true;
  return operationVersions(S(), op.method, op.template).some(
    (v) => /^\d{4}-\d{2}-\d{2}$/.test(v.version) && v.version > version,
  );
}

const media = (version: string) => `application/vnd.atlas.${version}+json`;
const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

function requestProblems(op: SimOperation, version: string, body: unknown): string[] {
  const schema = requestSchema(S(), op.method, op.template, media(version));
  if (!schema) return [`${op.operationId} ${version} declares no request body`];
  const errors = validate(S(), schema, body, { direction: "request" });
  return applyDeviations(S(), { operationId: op.operationId, direction: "request", errors }).problems;
}

/** The raw observation of an answer: validated against what the spec declares for it. */
function observe(op: SimOperation, res: ApiResponse): Observation {
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

interface Checked extends Judgement {
  skipped?: string;
}

/** An answer judged against the spec; envelope=true answers are not checked against the plain schema. */
function checkAnswer(op: SimOperation, requestPath: string, res: ApiResponse): Checked {
  if (new URL(requestPath, "http://sim").searchParams.get("envelope") === "true") {
    return { problems: [], applied: [], skipped: "envelope=true is not checked against the plain schema" };
  }
  return applyDeviations(S(), observe(op, res));
}

// ---- demo data and the calls that succeed --------------------------------------------------------------------

const V23 = "2023-01-01";
const V25 = "2025-02-19";
const ORG = DEMO.orgId;
const ORG_PATH = `/api/atlas/v2/orgs/${ORG}`;
const TEAM = (n: number) => fixedId("5f2", n);
const PROJECT = (n: number) => fixedId("5f3", n);
const ACTIVE = (n: number) => fixedId("5f4", n);
const PENDING = (n: number) => fixedId("5f5", n);
const INVITE = (n: number) => fixedId("5f6", n);
/** 1–4: INVITATION_EXPIRED, 5–6: INVITATION_REJECTED. */
const LAPSED = (n: number) => fixedId("5f7", n);
/** Project invitations 1, 2, 3 are in projects 1, 4, 6. */
const PROJECT_INVITE = (n: number) => fixedId("5f8", n);
const unknownId = (prefix: string) => prefix + "e".repeat(24 - prefix.length);

const SEED_ORG = demoSeed(0).orgs?.[0];
function seedUser(id: string): SeedOrgUser {
  const user = SEED_ORG?.users?.find((u) => u.id === id || u.invitationId === id);
  if (!user) throw new Error(`no demo user ${id}`);
  return user;
}
function seedProjectInvitationUsername(id: string): string {
  const inv = SEED_ORG?.projectInvitations?.find((i) => i.id === id);
  if (!inv) throw new Error(`no demo project invitation ${id}`);
  return inv.username;
}

const RUN = Date.now().toString(36);
let emails = 0;
const freshEmail = (tag: string) => `${tag}.${RUN}.${++emails}@contract-test.example`;

const createUserBody = (extra: Record<string, unknown> = {}) => ({
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

interface Call {
  operationId: string;
  version: string;
  label: string;
  path: string;
  /** Built per call, so that every create uses a fresh e-mail. */
  body?: () => unknown;
  status: number;
  check?: (body: any) => void;
}

const ALL_STATUSES = ["ACTIVE", "PENDING", "INVITATION_EXPIRED", "INVITATION_REJECTED"];
const statusQuery = (statuses: string[]) => statuses.map((s) => `orgMembershipStatuses=${s}`).join("&");
const GROUP_INVITES = (n: number) => `/api/atlas/v2/groups/${PROJECT(n)}/invites`;

const success = (
  operationId: string,
  version: string,
  label: string,
  path: string,
  status = 200,
  more: Pick<Call, "body" | "check"> = {},
): Call => ({ operationId, version, label, path, status, ...more });
const count = (n: number) => ({ check: (b: any) => expect(b.results ?? b).toHaveLength(n) });
const membershipIs = (status: string) => ({
  check: (b: any) => expect(b.orgMembershipStatus).toBe(status),
});
const q = encodeURIComponent;

/** For each operation the first call of its newest version is its "primary" call, used by the error tests. */
const SUCCESS: Call[] = [
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
];

const newest = (op: SimOperation) => op.versions[op.versions.length - 1]!.version;
function primary(op: SimOperation): Call {
  const call = SUCCESS.find((c) => c.operationId === op.operationId && c.version === newest(op));
  if (!call) throw new Error(`no success call for ${op.operationId} ${newest(op)}`);
  return call;
}

const ID_PARAMS: Record<string, { kind: string; prefix: string; notFound: string }> = {
  orgId: { kind: "ORG", prefix: "5f1", notFound: "ORG_NOT_FOUND" },
  groupId: { kind: "GROUP", prefix: "5f3", notFound: "GROUP_NOT_FOUND" },
  teamId: { kind: "TEAM", prefix: "5f2", notFound: "TEAM_NOT_FOUND" },
  userId: { kind: "USER", prefix: "5f4", notFound: "USER_NOT_FOUND" },
  invitationId: { kind: "INVITATION", prefix: "5f6", notFound: "INVITATION_NOT_FOUND" },
};
const pathParams = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

function validParams(op: SimOperation): Record<string, string> {
  return {
    orgId: ORG,
    groupId: PROJECT(1),
    teamId: TEAM(1),
    userId: ACTIVE(12),
    invitationId: op.template.startsWith("/api/atlas/v2/groups/") ? PROJECT_INVITE(1) : INVITE(2),
  };
}
function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? `{${name}}`));
}

// ---- the tests -----------------------------------------------------------------------------------------------

describe.skipIf(!spec)(`Atlas OpenAPI contract${SKIP_NOTE}`, () => {
  if (!spec) {
    it("checks the simulator against the spec", () => {});
    return;
  }

  describe("operation table", () => {
    it("lists every operation once", () => {
      expect(OPERATIONS.map((o) => o.operationId)).toEqual([...EVERY_OPERATION]);
    });

    for (const op of OPERATIONS) {
      describe(op.operationId, () => {
        it(`is ${op.method} ${op.template} in the spec`, () => {
          expect(findOperation(S(), op.method, op.template)?.operationId).toBe(op.operationId);
        });

        it("serves exactly the spec's versions with the same x-sunset dates", () => {
          const wanted = operationVersions(S(), op.method, op.template)
            .filter((v) => v.version !== "preview")
            .map((v) => ({ version: v.version, sunset: v.sunset ?? null }));
          const served = op.versions.map((v) => ({ version: v.version, sunset: v.sunset ?? null }));
          expect(served).toEqual(wanted);
        });

        it("sunsets only versions the spec deprecates, each with a deprecation date", () => {
          for (const v of op.versions.filter((x) => x.sunset)) {
            expect(specDeprecates(op, v.version), `${v.version} deprecated in the spec`).toBe(true);
            expect(v.deprecation, `${v.version} deprecation date`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            expect(dayMs(v.deprecation!)).toBeLessThan(dayMs(v.sunset!));
          }
          for (const v of op.versions.filter((x) => x.deprecation)) {
            expect(specDeprecates(op, v.version), `${v.version} deprecated in the spec`).toBe(true);
          }
        });

        it("enforces the spec's x-rolesRequirements", () => {
          const roles = rolesRequirements(S(), op.method, op.template);
          expect(roles.length).toBeLessThanOrEqual(1);
          expect(op.roles).toBe(roles[0] ?? null);
        });
      });
    }

    it.skipIf(!recordingsAvailable())("has the Deprecation and Sunset dates recorded from real Atlas", () => {
      const recorded = loadRecordings().flatMap((rec) => {
        const match = matchOperation(rec, OPERATIONS);
        return match ? [{ rec, op: match.op }] : [];
      });
      expect(recorded.length).toBeGreaterThan(10);
      for (const { rec, op } of recorded) {
        const version = versionOf(header(rec.response, "content-type"));
        const v = op.versions.find((x) => x.version === version);
        expect(v, `${rec.file}: version ${version} served`).toBeDefined();
        const date = (name: string) => {
          const value = header(rec.response, name);
          return value === undefined ? null : Date.parse(value);
        };
        expect(v?.deprecation ? dayMs(v.deprecation) : null, `${rec.file}: Deprecation`).toBe(
          date("deprecation"),
        );
        expect(v?.sunset ? dayMs(v.sunset) : null, `${rec.file}: Sunset`).toBe(date("sunset"));
      }
    });
  });

  describe("deviation table", () => {
    it("names real operations, unique ids and anchored patterns", () => {
      expect(new Set(DEVIATIONS.map((d) => d.id)).size).toBe(DEVIATIONS.length);
      for (const d of DEVIATIONS) {
        expect(d.operations.length, d.id).toBeGreaterThan(0);
        for (const id of d.operations) expect(EVERY_OPERATION as readonly string[], d.id).toContain(id);
        expect(d.spec && d.atlas && d.source, d.id).toBeTruthy();
        const patterns =
          "status" in d.forgives ? [d.forgives.errorCode] : [d.forgives.path, d.forgives.message];
        for (const p of patterns.filter((x): x is RegExp => x !== undefined)) {
          expect(p.source.startsWith("^"), `${d.id} ${p}`).toBe(true);
        }
        if ("direction" in d.forgives) expect(d.forgives.path.source.endsWith("$"), d.id).toBe(true);
        else expect(declaredStatusesOfAll(d.operations).has(String(d.forgives.status)), d.id).toBe(false);
      }
    });
  });

  describe("success answers", () => {
    let sim: TestSim;
    beforeAll(async () => {
      sim = await startTestSim();
    });
    afterAll(() => sim.close());
    beforeEach(async () => {
      await sim.control("POST", "/__sim/reset");
    });

    it("cover every operation in every version it serves", () => {
      const covered = new Set(SUCCESS.map((c) => `${c.operationId}@${c.version}`));
      const served = OPERATIONS.flatMap((op) => op.versions.map((v) => `${op.operationId}@${v.version}`));
      expect(served.filter((key) => !covered.has(key))).toEqual([]);
      expect([...covered].filter((key) => !served.includes(key))).toEqual([]);
    });

    for (const c of SUCCESS) {
      it(`${c.operationId} ${c.version}: ${c.label}`, async () => {
        const op = findOperationById(c.operationId);
        const body = c.body?.();
        if (body !== undefined) expect(requestProblems(op, c.version, body), "request body").toEqual([]);
        const res = await sim.api(op.method, c.path, {
          accept: media(c.version),
          ...(body === undefined ? {} : { body }),
        });
        expect(res.status, res.text).toBe(c.status);
        expect(res.headers.get("content-type")).toBe(`${media(c.version)};charset=utf-8`);
        expect(checkAnswer(op, c.path, res).problems).toEqual([]);
        expect((await sim.journal()).at(-1)?.operationId).toBe(op.operationId);
        expectVersionHeaders(op, c.version, res);
        c.check?.(res.body);
      });
    }

    it("serves the newest version dated on or before a later Accept date", async () => {
      const op = findOperationById("listOrgUsers");
      const path = `${ORG_PATH}/users?${statusQuery(ALL_STATUSES)}`;
      for (const [asked, served] of [
        ["2024-12-31", V23],
        ["2025-03-12", V25],
      ]) {
        const res = await sim.api("GET", path, { accept: media(asked!) });
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe(`${media(served!)};charset=utf-8`);
        expect(checkAnswer(op, path, res).problems).toEqual([]);
      }
    });
  });

  describe("envelope=true", () => {
    let sim: TestSim;
    beforeAll(async () => {
      sim = await startTestSim();
    });
    afterAll(() => sim.close());

    for (const op of OPERATIONS.filter((o) => o.method === "GET")) {
      it(`${op.operationId}: wraps the answer and is not checked against the plain schema`, async () => {
        const call = primary(op);
        const enveloped = `${call.path}${call.path.includes("?") ? "&" : "?"}envelope=true`;
        const res = await sim.api("GET", enveloped, { accept: media(call.version) });
        expect(res.status).toBe(200);
        expect(res.body.status).toBe(200);
        expect(checkAnswer(op, enveloped, res).skipped).toMatch(/envelope=true/);
        const plain = await sim.api("GET", call.path, { accept: media(call.version) });
        expect(checkAnswer(op, call.path, plain).problems).toEqual([]);
        if (op.paginated) expect(res.body.results).toEqual(plain.body.results);
        else expect(res.body.content).toEqual(plain.body);
      });
    }
  });

  describe("error answers", () => {
    let sim: TestSim;
    const tokens: Record<"member" | "second", string> = { member: "", second: "" };
    beforeAll(async () => {
      sim = await startTestSim();
      tokens.member = await sim.token(DEMO.member);
      tokens.second = await sim.token(DEMO.second);
    });
    afterAll(() => sim.close());
    beforeEach(async () => {
      await sim.control("POST", "/__sim/reset");
    });

    interface ErrorCase {
      name: string;
      op: SimOperation;
      path?: string;
      version?: string;
      accept?: string | null;
      /** undefined: the primary call's body; null: none. */
      body?: unknown;
      rawBody?: string;
      contentType?: string;
      as?: "none" | "bogus" | "member" | "second";
      /** The body the test sends must itself be invalid per the spec. */
      specInvalidBody?: boolean;
      status: number;
      errorCode?: string | RegExp;
    }

    async function run(c: ErrorCase): Promise<void> {
      const call = primary(c.op);
      const version = c.version ?? call.version;
      const path = c.path ?? call.path;
      const body = c.rawBody !== undefined || c.body === null ? undefined : (c.body ?? call.body?.());
      if (c.specInvalidBody)
        expect(requestProblems(c.op, version, body), "the bad body is bad").not.toEqual([]);
      const opts: ApiOptions = { accept: c.accept === undefined ? media(version) : c.accept };
      if (body !== undefined) opts.body = body;
      if (c.rawBody !== undefined) opts.rawBody = c.rawBody;
      if (c.contentType !== undefined) opts.contentType = c.contentType;
      if (c.as === "none") opts.token = null;
      else if (c.as === "bogus") opts.token = "not-a-real-token";
      else if (c.as) opts.token = tokens[c.as];
      const res = await sim.api(c.op.method, path, opts);
      expectApiError(c.op, path, res, c.status, c.errorCode);
    }

    const cases: Record<string, ErrorCase[]> = {
      "400 malformed id": [],
      "400 bad body": [],
      "400 bad query": [],
      "401": [],
      "403 member-only account": [],
      "403 Second Org owner on Demo Org": [],
      "404 unknown id": [],
      "406": [],
      "409": [],
      "415": [],
    };

    for (const op of OPERATIONS) {
      const params = pathParams(op.template);
      const primaryVersion = newest(op);
      const hasBody = WITH_BODY.includes(op.operationId);
      const specRoles = rolesRequirements(S(), op.method, op.template);
      for (const param of params) {
        const info = ID_PARAMS[param]!;
        cases["400 malformed id"]!.push({
          name: `${op.operationId}: ${param}=xyz`,
          op,
          path: fill(op.template, { ...validParams(op), [param]: "xyz" }),
          status: 400,
          errorCode: `INVALID_${info.kind}_ID`,
        });
        cases["404 unknown id"]!.push({
          name: `${op.operationId}: unknown ${param}`,
          op,
          path: fill(op.template, { ...validParams(op), [param]: unknownId(info.prefix) }),
          status: 404,
          errorCode: info.notFound,
        });
      }
      if (hasBody) {
        cases["400 bad body"]!.push({
          name: `${op.operationId}: malformed JSON`,
          op,
          rawBody: '{"username": ',
          contentType: media(primaryVersion),
          status: 400,
          errorCode: "INVALID_JSON",
        });
        cases["415"]!.push({
          name: `${op.operationId}: form body`,
          op,
          rawBody: "username=someone%40example.com",
          contentType: "application/x-www-form-urlencoded",
          status: 415,
        });
      }
      cases["401"]!.push(
        { name: `${op.operationId}: no token`, op, as: "none", status: 401 },
        { name: `${op.operationId}: unknown token`, op, as: "bogus", status: 401 },
      );
      const ownerOnly = specRoles.some((r) => r === "Organization Owner" || r === "Project Owner");
      if (ownerOnly || op.operationId === "createUser") {
        cases["403 member-only account"]!.push({ name: op.operationId, op, as: "member", status: 403 });
      }
      if (params.includes("orgId") || params.includes("groupId") || op.operationId === "createUser") {
        cases["403 Second Org owner on Demo Org"]!.push({
          name: op.operationId,
          op,
          as: "second",
          status: 403,
        });
      }
      cases["406"]!.push(
        { name: `${op.operationId}: no versioned Accept`, op, accept: null, status: 406 },
        { name: `${op.operationId}: Accept application/json`, op, accept: "application/json", status: 406 },
        { name: `${op.operationId}: version before any`, op, accept: media("2022-12-31"), status: 406 },
        { name: `${op.operationId}: impossible date`, op, accept: media("2023-02-30"), status: 406 },
      );
      if (op.versions[0]!.version > V23) {
        cases["406"]!.push({
          name: `${op.operationId}: 2023-01-01 before its first version`,
          op,
          accept: media(V23),
          status: 406,
        });
      }
    }

    const bad = (operationId: string, name: string, body: unknown, errorCode: string): ErrorCase => ({
      name: `${operationId}: ${name}`,
      op: findOperationById(operationId),
      body,
      specInvalidBody: true,
      status: 400,
      errorCode,
    });
    // Bodies the spec's schema accepts but Atlas refuses on meaning (sim/README.md, "Unconfirmed behaviour").
    const refused = (operationId: string, name: string, body: unknown, errorCode: string): ErrorCase => ({
      ...bad(operationId, name, body, errorCode),
      specInvalidBody: false,
    });
    cases["400 bad body"]!.push(
      bad(
        "createOrgInvite",
        "unknown org role",
        { username: freshEmail("bad"), roles: ["ORG_KING"] },
        "INVALID_ENUM_VALUE",
      ),
      bad(
        "updateOrgInvites",
        "username not an e-mail",
        { username: "not-an-email", roles: ["ORG_MEMBER"] },
        "INVALID_EMAIL_ADDRESS",
      ),
      bad("updateOrgInviteById", "unknown org role", { roles: ["ORG_KING"] }, "INVALID_ENUM_VALUE"),
      bad(
        "createOrgUser",
        "no org role",
        { username: freshEmail("bad"), roles: { orgRoles: [] } },
        "INVALID_ATTRIBUTE",
      ),
      bad("createOrgUser", "roles missing", { username: freshEmail("bad") }, "MISSING_ATTRIBUTE"),
      bad("updateOrgUser", "unknown org role", { roles: { orgRoles: ["ORG_KING"] } }, "INVALID_ENUM_VALUE"),
      bad("addOrgTeamUser", "user id missing", {}, "MISSING_ATTRIBUTE"),
      bad("removeOrgTeamUser", "user id not an id", { id: "nope" }, "INVALID_USER_ID"),
      bad(
        "createGroupInvite",
        "username not an e-mail",
        { username: "nope", roles: ["GROUP_READ_ONLY"] },
        "INVALID_EMAIL_ADDRESS",
      ),
      bad(
        "updateGroupInvites",
        "username not an e-mail",
        { username: "nope", roles: ["GROUP_READ_ONLY"] },
        "INVALID_EMAIL_ADDRESS",
      ),
      bad("updateGroupInviteById", "roles not an array", { roles: "GROUP_OWNER" }, "INVALID_ATTRIBUTE"),
      bad("createUser", "country not ISO 3166", createUserBody({ country: "usa" }), "INVALID_ATTRIBUTE"),
      refused(
        "createUser",
        "country not an assigned code",
        createUserBody({ country: "QQ" }),
        "INVALID_ATTRIBUTE",
      ),
      bad(
        "createUser",
        "username not an e-mail",
        createUserBody({ username: "nope" }),
        "INVALID_EMAIL_ADDRESS",
      ),
      bad("createUser", "password missing", createUserBody({ password: undefined }), "MISSING_ATTRIBUTE"),
      bad(
        "createUser",
        "password shorter than 8",
        createUserBody({ password: "Ab1-x" }),
        "INVALID_ATTRIBUTE",
      ),
      refused(
        "createUser",
        "common password",
        createUserBody({ password: "password123" }),
        "COMMON_PASSWORD",
      ),
      refused("createUser", "firstName missing", createUserBody({ firstName: "" }), "MISSING_ATTRIBUTE"),
      bad("createUser", "lastName missing", createUserBody({ lastName: undefined }), "MISSING_ATTRIBUTE"),
      refused(
        "createUser",
        "mobile not a number",
        createUserBody({ mobileNumber: "call me" }),
        "INVALID_ATTRIBUTE",
      ),
      refused("createUser", "no roles", createUserBody({ roles: [] }), "MISSING_ATTRIBUTE"),
      refused(
        "createUser",
        "unknown org role",
        createUserBody({ roles: [{ orgId: ORG, roleName: "ORG_KING" }] }),
        "INVALID_ENUM_VALUE",
      ),
      refused(
        "createUser",
        "unknown project role",
        createUserBody({ roles: [{ groupId: PROJECT(1), roleName: "GROUP_KING" }] }),
        "INVALID_ENUM_VALUE",
      ),
      refused(
        "createUser",
        "orgId and groupId in one role",
        createUserBody({ roles: [{ orgId: ORG, groupId: PROJECT(1), roleName: "ORG_MEMBER" }] }),
        "INVALID_ATTRIBUTE",
      ),
      bad(
        "createUser",
        "malformed org id in roles",
        createUserBody({ roles: [{ orgId: "xyz", roleName: "ORG_MEMBER" }] }),
        "INVALID_ORG_ID",
      ),
    );
    for (const operationId of ["listOrgs", "listOrgTeams", "getOrgGroups", "listGroups", "listOrgUsers"]) {
      const op = findOperationById(operationId);
      cases["400 bad query"]!.push({
        name: `${operationId}: pageNum=0`,
        op,
        path: `${primary(op).path.split("?")[0]}?pageNum=0`,
        status: 400,
        errorCode: "INVALID_QUERY_PARAMETER",
      });
    }
    cases["400 bad query"]!.push({
      name: "listOrgUsers: unknown orgMembershipStatuses",
      op: findOperationById("listOrgUsers"),
      path: `${ORG_PATH}/users?orgMembershipStatuses=FORMER`,
      status: 400,
      errorCode: "INVALID_ENUM_VALUE",
    });
    cases["404 unknown id"]!.push(
      {
        name: "updateOrgInvites: no invitation for that username",
        op: findOperationById("updateOrgInvites"),
        body: { username: freshEmail("nobody"), roles: ["ORG_MEMBER"] },
        status: 404,
        errorCode: "INVITATION_NOT_FOUND",
      },
      {
        name: "updateGroupInvites: no invitation for that username",
        op: findOperationById("updateGroupInvites"),
        body: { username: freshEmail("nobody"), roles: ["GROUP_READ_ONLY"] },
        status: 404,
        errorCode: "INVITATION_NOT_FOUND",
      },
      {
        name: "createOrgUser: unknown team in the body",
        op: findOperationById("createOrgUser"),
        body: {
          username: freshEmail("team"),
          roles: { orgRoles: ["ORG_MEMBER"] },
          teamIds: [unknownId("5f2")],
        },
        status: 404,
        errorCode: "TEAM_NOT_FOUND",
      },
      {
        name: "createUser: unknown org in roles",
        op: findOperationById("createUser"),
        body: createUserBody({ roles: [{ orgId: unknownId("5f1"), roleName: "ORG_MEMBER" }] }),
        status: 404,
        errorCode: "ORG_NOT_FOUND",
      },
      {
        name: "createUser: unknown project in roles",
        op: findOperationById("createUser"),
        body: createUserBody({ roles: [{ groupId: unknownId("5f3"), roleName: "GROUP_READ_ONLY" }] }),
        status: 404,
        errorCode: "GROUP_NOT_FOUND",
      },
    );
    cases["409"]!.push(
      {
        name: "createOrgUser: a PENDING user has that e-mail",
        op: findOperationById("createOrgUser"),
        body: { username: seedUser(PENDING(3)).username, roles: { orgRoles: ["ORG_MEMBER"] } },
        status: 409,
      },
      {
        name: "createOrgUser: an ACTIVE member has that e-mail (other case)",
        op: findOperationById("createOrgUser"),
        body: { username: seedUser(ACTIVE(9)).username.toUpperCase(), roles: { orgRoles: ["ORG_MEMBER"] } },
        status: 409,
      },
    );

    for (const [group, list] of Object.entries(cases)) {
      describe(group, () => {
        for (const c of list) it(c.name, () => run(c));
      });
    }

    it("every operation has 401, 406 and, with ids or a body, 400 and 404 cases", () => {
      const ids = (group: string) => new Set(cases[group]!.map((c) => c.op.operationId));
      for (const op of OPERATIONS) {
        expect(ids("401").has(op.operationId), op.operationId).toBe(true);
        expect(ids("406").has(op.operationId), op.operationId).toBe(true);
        if (pathParams(op.template).length || WITH_BODY.includes(op.operationId)) {
          const has400 =
            ids("400 malformed id").has(op.operationId) || ids("400 bad body").has(op.operationId);
          expect(has400, op.operationId).toBe(true);
          expect(ids("404 unknown id").has(op.operationId), op.operationId).toBe(true);
        }
      }
    });

    it("the member-only account is served by operations that need Organization Member or no role", async () => {
      for (const op of OPERATIONS) {
        const roles = rolesRequirements(S(), op.method, op.template);
        if (op.operationId === "createUser" || roles.some((r) => r !== "Organization Member")) continue;
        const call = primary(op);
        const res = await sim.api(op.method, call.path, {
          accept: media(call.version),
          token: tokens.member,
        });
        expect(res.status, `${op.operationId}: ${res.text}`).toBe(call.status);
        expect(checkAnswer(op, call.path, res).problems).toEqual([]);
      }
    });
  });

  describe("429 when the endpoint set's bucket is empty", () => {
    const limits: Partial<Record<EndpointSetName, RateLimitSetting>> = {};
    for (const set of [
      "orgs",
      "org",
      "orgUsers",
      "orgTeams",
      "orgGroups",
      "groups",
      "groupInvites",
      "users",
    ] as const) {
      limits[set] = { capacity: 1, refillDurationSeconds: 3600 };
    }
    const seed: Seed = { ...demoSeed(Date.now()), rateLimits: limits };
    let sim: TestSim;
    beforeAll(async () => {
      sim = await startTestSim(seed);
    });
    afterAll(() => sim.close());
    beforeEach(async () => {
      await sim.control("POST", "/__sim/reset");
    });

    for (const op of OPERATIONS) {
      it(op.operationId, async () => {
        const call = primary(op);
        const body = call.body?.();
        const opts: ApiOptions = { accept: media(call.version), ...(body === undefined ? {} : { body }) };
        const first = await sim.api(op.method, call.path, opts);
        expect(first.status, first.text).toBe(call.status);
        const second = await sim.api(op.method, call.path, opts);
        expectApiError(op, call.path, second, 429, /^RATE_LIMITED/);
        expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(0);
      });
    }
  });

  describe("410 after the sunset date", () => {
    let sim: TestSim;
    beforeAll(async () => {
      sim = await startTestSim();
      await moveClockPast(sim, "2027-07-01");
    });
    afterAll(() => sim.close());

    for (const op of OPERATIONS) {
      for (const v of op.versions.filter((x) => x.sunset)) {
        it(`${op.operationId} ${v.version} (sunset ${v.sunset})`, async () => {
          const call = SUCCESS.find((c) => c.operationId === op.operationId && c.version === v.version)!;
          const body = call.body?.();
          const res = await sim.api(op.method, call.path, {
            accept: media(v.version),
            ...(body === undefined ? {} : { body }),
          });
          expectApiError(op, call.path, res, 410, "VERSION_GONE");
        });
      }
    }

    it("the 2025-02-19 versions still answer", async () => {
      for (const c of SUCCESS.filter(
        (x) => x.version === V25 && ["listOrgUsers", "removeOrgUser"].includes(x.operationId),
      )) {
        const op = findOperationById(c.operationId);
        const res = await sim.api(op.method, c.path, { accept: media(c.version) });
        expect(res.status, res.text).toBe(c.status);
        expect(checkAnswer(op, c.path, res).problems).toEqual([]);
      }
    });
  });

  describe("deviations", () => {
    let sim: TestSim;
    beforeAll(async () => {
      sim = await startTestSim();
    });
    afterAll(() => sim.close());
    beforeEach(async () => {
      await sim.control("POST", "/__sim/reset");
    });

    const send = async (
      operationId: string,
      path: string,
      version: string,
      body?: unknown,
      opts: ApiOptions = {},
    ) => {
      const op = findOperationById(operationId);
      const res = await sim.api(op.method, path, {
        accept: media(version),
        ...(body === undefined ? {} : { body }),
        ...opts,
      });
      return { op, res, observation: observe(op, res) };
    };

    /** Each probe makes Atlas-like calls and returns the raw observations that should show the deviation. */
    const PROBES: Record<string, () => Promise<Observation[]>> = {
      CREATE_USER_201: async () => {
        const { res, observation } = await send("createUser", "/api/atlas/v2/users", V23, createUserBody());
        expect(res.status).toBe(201);
        expect(res.headers.get("location")).toMatch(/\/api\/atlas\/v1\.0\/users\/[a-f0-9]{24}$/);
        expect(declaredStatuses(S(), "POST", "/api/atlas/v2/users")).toContain("200");
        return [observation];
      },
      INVITER_USERNAME_NOT_EMAIL: async () => {
        const body = { username: freshEmail("inviter"), roles: { orgRoles: ["ORG_MEMBER"] } };
        const { res, observation } = await send("createOrgUser", `${ORG_PATH}/users`, V25, body);
        expect(res.body.inviterUsername).toBe(DEMO.owner.clientId);
        return [observation];
      },
      API_ERROR_PARAMETERS_SCALARS: async () => {
        const { res, observation } = await send("getOrg", "/api/atlas/v2/orgs/xyz", V23);
        expect(res.body.parameters).toEqual(["xyz"]);
        return [observation];
      },
      MOBILE_NUMBER_NULL: async () => {
        const { res, observation } = await send("getOrgUser", `${ORG_PATH}/users/${ACTIVE(4)}`, V25);
        expect(res.body.mobileNumber).toBeNull();
        return [observation];
      },
      MOBILE_NUMBER_PATTERN_BROKEN: async () => {
        const schema = resolveRef(S(), "#/components/schemas/CloudAppUser") as SchemaObject;
        const pattern = (schema.properties?.mobileNumber?.pattern as string | undefined) ?? "";
        expect(pattern.startsWith(BROKEN_MOBILE_PATTERN_START)).toBe(true);
        const compiled = compilePattern(pattern);
        const fixed = compilePattern(pattern.replaceAll("\\\\", "\\"));
        expect("regex" in compiled && compiled.regex.test("+1 212-555-0123")).toBe(false);
        expect("regex" in fixed && fixed.regex.test("+1 212-555-0123")).toBe(true);
        const body = createUserBody();
        const request: Observation = {
          operationId: "createUser",
          direction: "request",
          errors: validate(S(), requestSchema(S(), "POST", "/api/atlas/v2/users", media(V23)), body, {
            direction: "request",
          }),
        };
        // Atlas keeps the number: an invitee who accepts comes back with it.
        const created = await send("createUser", "/api/atlas/v2/users", V23, body);
        const userId = created.res.body.id as string;
        expect((await sim.control("POST", `/__sim/orgs/${ORG}/users/${userId}/accept`)).status).toBe(200);
        const { res, observation } = await send("getOrgUser", `${ORG_PATH}/users/${userId}`, V25);
        expect(res.body.mobileNumber).toBe(body.mobileNumber);
        return [request, observation];
      },
      CLOUD_APP_USER_MISSING_FIELDS: async () => {
        const list = await send("listOrgUsers", `${ORG_PATH}/users`, V23);
        expect(list.res.body.results[0]).not.toHaveProperty("password");
        const created = await send("createUser", "/api/atlas/v2/users", V23, createUserBody());
        expect(created.res.body).not.toHaveProperty("mobileNumber");
        expect(created.observation.declared).toBe(false); // 201: validated as 200 by applyDeviations
        const as200 = validate(
          S(),
          responseSchema(S(), "POST", "/api/atlas/v2/users", 200, media(V23)),
          created.res.body,
        );
        expect(as200).toContain('$: missing required property "mobileNumber"');
        return [list.observation, created.observation];
      },
      ORG_NAME_WITH_SPACES: async () => {
        const { res, observation } = await send("getOrg", ORG_PATH, V23);
        expect(res.body.name).toBe("Demo Org");
        return [observation];
      },
      PROJECT_NAME_WITH_SPACES: async () => {
        const { res, observation } = await send("getOrgGroups", `${ORG_PATH}/groups`, V23);
        expect(res.body.results.map((p: any) => p.name)).toContain("Analytics Warehouse");
        return [observation];
      },
      NOT_ACCEPTABLE_406: async () => {
        const { res, observation } = await send("getOrg", ORG_PATH, V23, undefined, {
          accept: "application/json",
        });
        expect(res.status).toBe(406);
        return [observation];
      },
      VERSION_GONE_410: async () => {
        const later = await startTestSim();
        try {
          await moveClockPast(later, "2027-07-01");
          const op = findOperationById("listOrgInvites");
          const res = await later.api("GET", `${ORG_PATH}/invites`, { accept: media(V23) });
          expect(res.status).toBe(410);
          return [observe(op, res)];
        } finally {
          await later.close();
        }
      },
      UNSUPPORTED_MEDIA_TYPE_415: async () => {
        const { res, observation } = await send("createOrgUser", `${ORG_PATH}/users`, V25, undefined, {
          rawBody: "username=a%40b.example",
          contentType: "text/plain",
        });
        expect(res.status).toBe(415);
        return [observation];
      },
      CREATE_USER_409: async () => {
        const body = createUserBody();
        expect((await send("createUser", "/api/atlas/v2/users", V23, body)).res.status).toBe(201);
        const { res, observation } = await send("createUser", "/api/atlas/v2/users", V23, body);
        expect(res.status).toBe(409);
        expect(declaredStatuses(S(), "POST", "/api/atlas/v2/users")).not.toContain("409");
        return [observation];
      },
      BODY_TOO_LARGE_413: async () => {
        const huge = {
          username: freshEmail("huge"),
          roles: { orgRoles: ["ORG_MEMBER"] },
          pad: "x".repeat(1_100_000),
        };
        const { res, observation } = await send("createOrgUser", `${ORG_PATH}/users`, V25, huge);
        expect(res.status).toBe(413);
        return [observation];
      },
      UNDECLARED_400: async () => {
        const { res, observation } = await send("getGroupInvite", `${GROUP_INVITES(1)}/xyz`, V23);
        expect(res.status).toBe(400);
        expect(
          declaredStatuses(S(), "GET", "/api/atlas/v2/groups/{groupId}/invites/{invitationId}"),
        ).not.toContain("400");
        return [observation];
      },
    };

    it("every deviation has a probe", () => {
      expect(Object.keys(PROBES).sort()).toEqual(DEVIATIONS.map((d) => d.id).sort());
    });

    for (const d of DEVIATIONS) {
      it(`${d.id} still happens`, async () => {
        const observations = await PROBES[d.id]!();
        const shown = observations.filter((o) => applyDeviations(S(), o).applied.includes(d.id));
        expect(shown.length, `${d.id} was not needed by any probe`).toBeGreaterThan(0);
        for (const o of shown) {
          // The raw answer breaks the spec, and nothing else is wrong with it.
          expect(o.declared === false || o.errors.length > 0).toBe(true);
          expect(applyDeviations(S(), o).problems).toEqual([]);
        }
      });
    }

    describe("anything else is still reported", () => {
      const judge = async (operationId: string, path: string, version: string, mutate: (b: any) => void) => {
        const { op, res } = await send(operationId, path, version);
        mutate(res.body);
        const observation = observe(op, { ...res, text: JSON.stringify(res.body) });
        return applyDeviations(S(), observation);
      };

      it("a bad enum value on an active user, next to a forgiven mobileNumber: null", async () => {
        const j = await judge("getOrgUser", `${ORG_PATH}/users/${ACTIVE(4)}`, V25, (b) => {
          b.roles.orgRoles = ["ORG_KING"];
        });
        expect(j.problems).toEqual([
          expect.stringMatching(/^\$\.roles\.orgRoles\[0\]: "ORG_KING" is not one of/),
        ]);
        expect(j.applied).toEqual(["MOBILE_NUMBER_NULL"]);
      });

      it("an inviterUsername that is neither an e-mail nor a credential id", async () => {
        const j = await judge("getOrgUser", `${ORG_PATH}/users/${PENDING(3)}`, V25, (b) => {
          b.inviterUsername = "someone at example";
        });
        expect(j.problems).toEqual([expect.stringMatching(/^\$\.inviterUsername: .* is not a valid email$/)]);
      });

      it("a name the pattern forbids for another reason than a space", async () => {
        const slash = await judge("getOrg", ORG_PATH, V23, (b) => {
          b.name = "Demo/Org";
        });
        const nameError = expect.stringMatching(/^\$\.name: .* does not match pattern /);
        expect(slash.problems).toEqual([nameError]);
        const long = await judge("getOrg", ORG_PATH, V23, (b) => {
          b.name = `Demo ${"x".repeat(62)}`;
        });
        expect(long.problems).toContainEqual(nameError);
      });

      it("a mobileNumber of the wrong type, and null where no deviation covers the operation", async () => {
        const j = await judge("getOrgUser", `${ORG_PATH}/users/${ACTIVE(4)}`, V25, (b) => {
          b.mobileNumber = 2125550123;
        });
        expect(j.problems).toEqual(["$.mobileNumber: expected string, got integer 2125550123"]);
        const other = applyDeviations(S(), {
          operationId: "getOrg",
          direction: "response",
          status: 200,
          declared: true,
          errors: ["$.mobileNumber: null is not allowed (type string, not nullable)"],
        });
        expect(other.problems).toHaveLength(1);
      });

      it("an ApiError without errorCode, or with null parameters", async () => {
        const j = await judge("getOrg", "/api/atlas/v2/orgs/xyz", V23, (b) => {
          delete b.errorCode;
          b.parameters = [null];
        });
        expect(j.problems).toEqual([
          '$: missing required property "errorCode"',
          "$.parameters[0]: null is not allowed (type object, not nullable)",
        ]);
      });

      it("undeclared statuses no deviation lists", () => {
        const status = (operationId: string, code: number, errorCode?: string) =>
          applyDeviations(S(), {
            operationId,
            direction: "response",
            status: code,
            declared: false,
            errorCode,
            body: { error: code, errorCode: errorCode ?? "X" },
            errors: [`status ${code} is not declared`],
          }).problems;
        expect(status("getOrg", 418)).toHaveLength(1);
        expect(status("getOrg", 201)).toHaveLength(1);
        expect(status("getOrg", 410, "VERSION_GONE")).toHaveLength(1);
        expect(status("listOrgInvites", 410, "SOMETHING_ELSE")).toHaveLength(1);
        expect(status("createGroupInvite", 400, "USER_ALREADY_INVITED")).toHaveLength(1);
        expect(status("getOrg", 406, "INVALID_VERSION_DATE")).toEqual([]);
      });

      it("request bodies: a bad enum value, and a mobileNumber that is no phone number", () => {
        const op = findOperationById("createOrgUser");
        expect(
          requestProblems(op, V25, { username: "a@b.example", roles: { orgRoles: ["ORG_KING"] } }),
        ).toHaveLength(1);
        const createUser = findOperationById("createUser");
        expect(requestProblems(createUser, V23, createUserBody({ mobileNumber: "call me" }))).toHaveLength(1);
      });
    });
  });
});

// ---- shared assertions ----------------------------------------------------------------------------------------

function declaredStatusesOfAll(operationIds: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const id of operationIds) {
    const op = findOperationById(id);
    for (const s of declaredStatuses(S(), op.method, op.template)) out.add(s);
  }
  return out;
}

function expectVersionHeaders(op: SimOperation, version: string, res: ApiResponse): void {
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
function expectApiError(
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

/** Moves the simulated clock a day past `date` (the clock only moves forward). */
async function moveClockPast(sim: TestSim, date: string): Promise<void> {
  const now = Date.parse((await sim.control("GET", "/__sim/clock")).body.now);
  const seconds = Math.max(0, Math.ceil((dayMs(date) - now) / 1000)) + 24 * 3600;
  const moved = await sim.control("POST", "/__sim/clock", { advanceSeconds: seconds });
  expect(Date.parse(moved.body.now)).toBeGreaterThan(dayMs(date));
}
