// The per-operation sections of the contract tests, run by each resource's file (sim/test/contract/*.test.ts)
// for its own operations: the operation table, success answers, envelope=true, error answers, 429 and 410.
import { beforeAll, describe, expect, it } from "vitest";
import {
  ACTIVE,
  checkAnswer,
  createUserBody,
  dayMs,
  expectApiError,
  expectVersionHeaders,
  fill,
  findOperationById,
  freshEmail,
  ID_PARAMS,
  media,
  moveClockPast,
  newest,
  operationsOf,
  ORG,
  ORG_PATH,
  pathParams,
  PENDING,
  primary,
  PROJECT,
  RATE_LIMITS,
  requestProblems,
  S,
  seedUser,
  SKIP_NOTE,
  spec,
  specDeprecates,
  SUCCESS,
  unknownId,
  useRoleTokens,
  V23,
  validParams,
  WITH_BODY,
} from "./support";
import type { Resource } from "./support";
import { DEMO, demoSeed } from "../../src/demo-seed";
import type { Operation as SimOperation } from "../../src/router";
import type { EndpointSetName, RateLimitSetting, Seed } from "../../src/seed-types";
import { OPERATIONS } from "../../src/simulator";
import { findOperation, operationVersions, rolesRequirements } from "../support/openapi";
import { useTestSim } from "../support/sim";
import type { ApiOptions } from "../support/sim";

/** Per operation of `ops`: the operation id, versions, sunsets and roles are the spec's. */
export function operationTable(ops: SimOperation[]): void {
  describe("operation table", () => {
    for (const op of ops) {
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
  });
}

/** Every success call (SUCCESS) of `ops`' operations answers as the spec says. */
export function successAnswers(ops: SimOperation[]): void {
  const ids = new Set(ops.map((o) => o.operationId));
  describe("success answers", () => {
    const sim = useTestSim();

    for (const c of SUCCESS.filter((x) => ids.has(x.operationId))) {
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
  });
}

/** GET operations of `ops` with envelope=true. */
export function envelopeAnswers(ops: SimOperation[]): void {
  if (!ops.some((op) => op.method === "GET")) return;
  describe("envelope=true", () => {
    const sim = useTestSim({ reset: false });

    for (const op of ops.filter((o) => o.method === "GET")) {
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
}

export interface ErrorCase {
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

/** Every error case of every operation, by group. */
export function errorCases(): Record<string, ErrorCase[]> {
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
      // Ids that are not ObjectIds (endpointSetId) have their own cases below.
      const info = ID_PARAMS[param];
      if (!info) continue;
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
    bad("createUser", "password shorter than 8", createUserBody({ password: "Ab1-x" }), "INVALID_ATTRIBUTE"),
    refused("createUser", "common password", createUserBody({ password: "password123" }), "COMMON_PASSWORD"),
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
  for (const operationId of [
    "listOrgs",
    "listOrgTeams",
    "getOrgGroups",
    "listGroups",
    "listOrgUsers",
    "listRateLimits",
  ]) {
    const op = findOperationById(operationId);
    cases["400 bad query"]!.push({
      name: `${operationId}: pageNum=0`,
      op,
      path: `${primary(op).path.split("?")[0]}?pageNum=0`,
      status: 400,
      errorCode: "INVALID_QUERY_PARAMETER",
    });
  }
  cases["400 malformed id"]!.push(
    {
      name: "listRateLimits: groupId=xyz",
      op: findOperationById("listRateLimits"),
      path: `${RATE_LIMITS}?groupId=xyz`,
      status: 400,
      errorCode: "INVALID_GROUP_ID",
    },
    {
      name: "getRateLimit: orgId=xyz",
      op: findOperationById("getRateLimit"),
      path: `${RATE_LIMITS}/orgUsers_organization?orgId=xyz`,
      status: 400,
      errorCode: "INVALID_ORG_ID",
    },
  );
  cases["400 bad query"]!.push({
    name: "listRateLimits: ipAddress not an address",
    op: findOperationById("listRateLimits"),
    path: `${RATE_LIMITS}?ipAddress=localhost`,
    status: 400,
    errorCode: "INVALID_QUERY_PARAMETER",
  });
  cases["403 member-only account"]!.push({
    name: "listRateLimits: userId of another account",
    op: findOperationById("listRateLimits"),
    path: `${RATE_LIMITS}?userId=${DEMO.owner.clientId}`,
    as: "member",
    status: 403,
    errorCode: "USER_UNAUTHORIZED",
  });
  cases["403 Second Org owner on Demo Org"]!.push({
    name: "listRateLimits: orgId of Demo Org",
    op: findOperationById("listRateLimits"),
    path: `${RATE_LIMITS}?orgId=${ORG}`,
    as: "second",
    status: 403,
    errorCode: "USER_UNAUTHORIZED",
  });
  cases["404 unknown id"]!.push({
    name: "getRateLimit: unknown endpointSetId",
    op: findOperationById("getRateLimit"),
    path: `${RATE_LIMITS}/noSuchSet_organization`,
    status: 404,
    errorCode: "ENDPOINT_SET_NOT_FOUND",
  });
  cases["403 Second Org owner on Demo Org"]!.push({
    name: "listRateLimits: unknown orgId (no 404 declared)",
    op: findOperationById("listRateLimits"),
    path: `${RATE_LIMITS}?orgId=${unknownId("5f1")}`,
    as: "second",
    status: 403,
    errorCode: "USER_UNAUTHORIZED",
  });
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

  return cases;
}

/** The error cases of `ops`' operations, each one answered as an Atlas ApiError. */
export function errorAnswers(ops: SimOperation[]): void {
  const ids = new Set(ops.map((o) => o.operationId));
  describe("error answers", () => {
    const sim = useTestSim();
    const tokens = useRoleTokens(sim);

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

    const cases = errorCases();
    for (const [group, all] of Object.entries(cases)) {
      const list = all.filter((c) => ids.has(c.op.operationId));
      if (list.length === 0) continue;
      describe(group, () => {
        for (const c of list) it(c.name, () => run(c));
      });
    }
  });
}

/** 429 from every operation of `ops` once its endpoint set's bucket is empty. */
export function rateLimitAnswers(ops: SimOperation[]): void {
  describe("429 when the endpoint set's bucket is empty", () => {
    // Every endpoint set an operation uses, with a bucket of one token that does not refill during the run.
    const limits: Partial<Record<EndpointSetName, RateLimitSetting>> = {};
    for (const op of OPERATIONS) limits[op.endpointSet] = { capacity: 1, refillDurationSeconds: 3600 };
    const seed: Seed = { ...demoSeed(Date.now()), rateLimits: limits };
    const sim = useTestSim({ seed });

    for (const op of ops) {
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
}

/** 410 from every sunset version of `ops` after its date. */
export function sunsetAnswers(ops: SimOperation[]): void {
  // Orgs, teams and projects have no version with a sunset: no section (an empty one is an error in Vitest).
  if (!ops.some((op) => op.versions.some((v) => v.sunset))) return;
  describe("410 after the sunset date", () => {
    const sim = useTestSim({ reset: false });
    beforeAll(() => moveClockPast(sim, "2027-07-01"));

    for (const op of ops) {
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
  });
}

/** The contract file of one resource: every per-operation section for its operations. */
export function resourceContract(resource: Resource): void {
  describe.skipIf(!spec)(`Atlas OpenAPI contract: ${resource}${SKIP_NOTE}`, () => {
    if (!spec) {
      it("checks the simulator against the spec", () => {});
      return;
    }
    const ops = operationsOf(resource);
    operationTable(ops);
    successAnswers(ops);
    envelopeAnswers(ops);
    errorAnswers(ops);
    rateLimitAnswers(ops);
    sunsetAnswers(ops);
  });
}
