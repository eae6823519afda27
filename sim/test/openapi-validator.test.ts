import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RefSource, SchemaObject, Spec } from "./support/openapi";
import {
  compilePattern,
  declaredStatuses,
  findOperation,
  isDateTime,
  loadSpec,
  operationVersions,
  projectRoot,
  requestSchema,
  resolveRef,
  responseSchema,
  rolesRequirements,
  specMissingReason,
  specPath,
  validate,
  validateResponse,
} from "./support/openapi";

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
const str: SchemaObject = { type: "string" };

const schemas: Record<string, SchemaObject> = {
  Cat: {
    type: "object",
    required: ["petType", "meows"],
    properties: { petType: str, meows: { type: "boolean" } },
  },
  Dog: {
    type: "object",
    required: ["petType", "barks"],
    properties: { petType: str, barks: { type: "boolean" } },
  },
  Pet: {
    oneOf: [ref("Cat"), ref("Dog")],
    discriminator: { propertyName: "petType", mapping: { cat: "#/components/schemas/Cat", dog: "Dog" } },
  },
  PetByName: { oneOf: [ref("Cat"), ref("Dog")], discriminator: { propertyName: "petType" } },
  // The OrgUserResponse shape: a parent with oneOf + discriminator whose children allOf the parent.
  Base: {
    type: "object",
    required: ["kind", "id"],
    properties: {
      kind: { type: "string", enum: ["big", "Small"] },
      id: { type: "string", pattern: "^[a-f0-9]{4}$" },
    },
    oneOf: [ref("Big"), ref("Small")],
    discriminator: { propertyName: "kind", mapping: { big: "#/components/schemas/Big" } },
  },
  Big: {
    allOf: [ref("Base"), { required: ["size"], properties: { size: { type: "integer", minimum: 100 } } }],
  },
  Small: { allOf: [ref("Base"), { properties: { size: { type: "integer", maximum: 10 } } }] },
  Node: {
    type: "object",
    required: ["value"],
    properties: { value: { type: "integer" }, next: { allOf: [ref("Node")], nullable: true } },
  },
  LoopA: ref("LoopB"),
  LoopB: ref("LoopA"),
  SelfAll: { allOf: [ref("SelfAll"), { type: "object", required: ["x"] }] },
  Roles: { type: "object", readOnly: true, properties: { orgRoles: { type: "array", items: str } } },
  User: {
    type: "object",
    required: ["id", "password", "name", "roles"],
    properties: {
      id: { type: "string", readOnly: true },
      password: { type: "string", writeOnly: true },
      name: str,
      roles: ref("Roles"),
    },
  },
};
const src: RefSource = { components: { schemas } };
const check = (schema: SchemaObject, value: unknown, direction?: "request" | "response"): string[] =>
  validate(src, schema, value, direction ? { direction } : undefined);

describe("openapi validator (inline schemas)", () => {
  it("checks types, and integer is not number", () => {
    expect(check({ type: "integer" }, 3)).toEqual([]);
    expect(check({ type: "integer" }, 1.5)).toEqual(["$: expected integer, got number 1.5"]);
    expect(check({ type: "number" }, 1.5)).toEqual([]);
    expect(check({ type: "boolean" }, "true")).toEqual(['$: expected boolean, got string "true"']);
    expect(check({ type: "object" }, [])).toEqual(["$: expected object, got array []"]);
    expect(check({ type: "array", items: str }, ["a", 1])).toEqual(["$[1]: expected string, got integer 1"]);
  });

  it("admits null only when nullable: true", () => {
    expect(check({ type: "string", nullable: true }, null)).toEqual([]);
    expect(check({ type: "string" }, null)).toEqual(["$: null is not allowed (type string, not nullable)"]);
    expect(check({ type: "object", properties: { m: str } }, { m: null })).toEqual([
      "$.m: null is not allowed (type string, not nullable)",
    ]);
    expect(check(ref("Node"), { value: 1, next: null })).toEqual([]);
  });

  it("checks enum and names the allowed values", () => {
    const roles: SchemaObject = {
      type: "array",
      items: { type: "string", enum: ["ORG_OWNER", "ORG_MEMBER"] },
    };
    expect(check({ type: "object", properties: { roles } }, { roles: ["ORG_MEMBER", "ORG_FOO"] })).toEqual([
      '$.roles[1]: "ORG_FOO" is not one of ORG_OWNER, ORG_MEMBER',
    ]);
  });

  it("checks RFC 3339 date-time", () => {
    for (const ok of ["2026-08-10T03:03:37Z", "2026-08-10T03:03:37.123Z", "2024-02-29T23:59:60+02:00"]) {
      expect(isDateTime(ok), ok).toBe(true);
    }
    for (const bad of ["2026-08-10", "2026-08-10T03:03:37", "2026-08-10 03:03:37Z", "2025-02-29T00:00:00Z"]) {
      expect(isDateTime(bad), bad).toBe(false);
    }
    expect(check({ type: "string", format: "date-time" }, "2026-13-01T00:00:00Z")).toEqual([
      '$: "2026-13-01T00:00:00Z" is not a valid date-time (RFC 3339)',
    ]);
  });

  it("checks email, uuid, int32/int64 and ignores other formats", () => {
    const email: SchemaObject = { type: "string", format: "email" };
    expect(check(email, "test-783@mongodb.com")).toEqual([]);
    expect(check(email, "nmtxqlkl")).toEqual(['$: "nmtxqlkl" is not a valid email']);
    expect(check(email, "a b@c.com")).toHaveLength(1);
    expect(check({ type: "string", format: "uuid" }, "3fa85f64-5717-4562-b3fc-2c963f66afa6")).toEqual([]);
    expect(check({ type: "string", format: "uuid" }, "3fa85f64")).toHaveLength(1);
    expect(check({ type: "integer", format: "int32" }, 2147483647)).toEqual([]);
    expect(check({ type: "integer", format: "int32" }, 2147483648)).toEqual([
      "$: 2147483648 is out of int32 range",
    ]);
    expect(check({ type: "integer", format: "int64" }, 2 ** 53)).toEqual([]);
    expect(check({ type: "string", format: "password" }, "x")).toEqual([]);
  });

  it("compiles Java-style \\p{L} patterns with the u flag, falls back without it, reports broken ones", () => {
    const orgName: SchemaObject = { type: "string", pattern: "^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$" };
    expect(check(orgName, "AtlasCLIE2E")).toEqual([]);
    expect(check(orgName, "Société-Générale_東京")).toEqual([]);
    expect(check(orgName, "Atlas CLI E2E")).toEqual([
      `$: "Atlas CLI E2E" does not match pattern ^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$`,
    ]);
    expect(compilePattern("^[\\p{L}]+$")).toMatchObject({ unicode: true });
    expect(compilePattern("^([0-9a-f]{1,4}\\:){2}$")).toMatchObject({ unicode: false });
    expect(check({ type: "string", pattern: "abc" }, "xxabcxx")).toEqual([]); // unanchored, as in JSON Schema
    expect(check({ type: "string", pattern: "(" }, "x")[0]).toMatch(/^\$: pattern \( cannot be compiled/);
  });

  it("checks lengths in code points, bounds and array constraints", () => {
    expect(check({ type: "string", minLength: 2, maxLength: 2 }, "東京")).toEqual([]);
    expect(check({ type: "string", maxLength: 1 }, "ab")).toEqual(['$: "ab" is longer than maxLength 1']);
    expect(check({ type: "integer", minimum: 0, exclusiveMinimum: true }, 0)).toHaveLength(1);
    expect(check({ type: "integer", maximum: 10 }, 10)).toEqual([]);
    expect(check({ type: "integer", maximum: 10, exclusiveMaximum: true }, 10)).toHaveLength(1);
    expect(check({ type: "array", minItems: 1 }, [])).toEqual(["$: has 0 items, fewer than minItems 1"]);
    expect(check({ type: "array", maxItems: 1 }, [1, 2])).toHaveLength(1);
    expect(
      check({ type: "array", uniqueItems: true }, [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ]),
    ).toEqual(["$[1]: duplicate of $[0] (uniqueItems)"]);
  });

  it("checks required, properties and additionalProperties", () => {
    const base: SchemaObject = { type: "object", required: ["a"], properties: { a: str } };
    expect(check(base, {})).toEqual(['$: missing required property "a"']);
    expect(check(base, { a: "x", extra: 1 })).toEqual([]); // absent additionalProperties allows extras
    expect(check({ ...base, additionalProperties: false }, { a: "x", extra: 1 })).toEqual([
      "$.extra: property is not allowed (additionalProperties: false)",
    ]);
    expect(check({ type: "object", additionalProperties: { type: "integer" } }, { "a-b": "x" })).toEqual([
      '$["a-b"]: expected integer, got string "x"',
    ]);
  });

  it("checks allOf, anyOf and oneOf (exactly one)", () => {
    const both: SchemaObject = { allOf: [{ required: ["a"] }, { required: ["b"] }] };
    expect(check(both, { a: 1 })).toEqual(['$: missing required property "b"']);
    expect(check({ anyOf: [str, { type: "integer" }] }, 1)).toEqual([]);
    expect(check({ anyOf: [str, { type: "integer" }] }, true)[0]).toMatch(/^\$: matches none of the anyOf/);
    const one: SchemaObject = { oneOf: [str, { type: "string", maxLength: 3 }] };
    expect(check(one, "abcd")).toEqual([]);
    expect(check(one, "ab")).toEqual(["$: matches 2 oneOf alternatives (#0, #1); exactly one must"]);
    expect(check(one, 5)[0]).toMatch(
      /^\$: matches none of the oneOf alternatives: \[#0\] \$: expected string/,
    );
  });

  it("picks the oneOf branch by discriminator mapping", () => {
    expect(check(ref("Pet"), { petType: "cat", meows: true })).toEqual([]);
    expect(check(ref("Pet"), { petType: "dog", meows: true })).toEqual([
      '$: missing required property "barks"',
    ]);
    expect(check(ref("Pet"), { meows: true })).toEqual(['$: missing discriminator property "petType"']);
    expect(check(ref("Pet"), { petType: "bird" })).toEqual([
      '$.petType: discriminator value "bird" matches none of cat, dog, Cat, Dog',
    ]);
  });

  it("picks the oneOf branch by schema name when there is no mapping", () => {
    expect(check(ref("PetByName"), { petType: "Dog", barks: false })).toEqual([]);
    expect(check(ref("PetByName"), { petType: "Cat", barks: false })).toEqual([
      '$: missing required property "meows"',
    ]);
    expect(check(ref("PetByName"), { petType: "cat" })).toHaveLength(1);
  });

  it("handles a parent whose discriminated children allOf the parent (cycle-safe)", () => {
    expect(check(ref("Base"), { kind: "big", id: "abcd", size: 150 })).toEqual([]);
    expect(check(ref("Base"), { kind: "big", id: "abcd" })).toEqual(['$: missing required property "size"']);
    expect(check(ref("Base"), { kind: "Small", id: "xyz", size: 50 })).toEqual([
      '$.id: "xyz" does not match pattern ^[a-f0-9]{4}$',
      "$.size: 50 is greater than maximum 10",
    ]);
    expect(check(ref("Small"), { kind: "Small", id: "abcd" })).toEqual([]);
  });

  it("survives $ref cycles and reports dangling refs", () => {
    expect(check(ref("LoopA"), { anything: 1 })).toEqual([]);
    expect(check(ref("SelfAll"), {})).toEqual(['$: missing required property "x"']);
    const list = { value: 1, next: { value: 2, next: { value: "3", next: null } } };
    expect(check(ref("Node"), list)).toEqual(['$.next.next.value: expected integer, got string "3"']);
    expect(check(ref("Nope"), 1)).toEqual(["$: cannot resolve $ref #/components/schemas/Nope"]);
  });

  it("applies readOnly / writeOnly by direction (also through $ref)", () => {
    const roles = { orgRoles: ["ORG_MEMBER"] };
    expect(check(ref("User"), { id: "1", name: "n", roles })).toEqual([]); // password is writeOnly
    expect(check(ref("User"), { id: "1", name: "n", roles, password: "p" })).toEqual([
      "$.password: writeOnly property must not appear in a response",
    ]);
    expect(check(ref("User"), { name: "n", password: "p" }, "request")).toEqual([]); // id, roles readOnly
    expect(check(ref("User"), { id: "1", name: "n", password: "p", roles }, "request")).toEqual([
      "$.id: readOnly property must not appear in a request",
      "$.roles: readOnly property must not appear in a request",
    ]);
    expect(check(ref("User"), { password: "p" }, "request")).toEqual(['$: missing required property "name"']);
  });
});

describe("spec loader", () => {
  const saved = process.env.ATLAS_SPEC_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.ATLAS_SPEC_PATH;
    else process.env.ATLAS_SPEC_PATH = saved;
  });

  it("returns null with a clear reason when the spec file is absent", () => {
    process.env.ATLAS_SPEC_PATH = "does/not/exist/spec.yaml";
    const expected = path.resolve(projectRoot(), "does/not/exist/spec.yaml");
    expect(specPath()).toBe(expected);
    expect(loadSpec()).toBeNull();
    expect(specMissingReason()).toContain(`Atlas OpenAPI spec not found at ${expected}`);
  });

  it("defaults to ../shared/atlas-openapi/spec.yaml next to the project root", () => {
    delete process.env.ATLAS_SPEC_PATH;
    expect(specPath()).toBe(path.resolve(projectRoot(), "../shared/atlas-openapi/spec.yaml"));
  });
});

const spec = loadSpec();
const SKIP_REASON = spec ? "" : " (skipped: ../shared/atlas-openapi/spec.yaml is absent)";
const S = (): Spec => {
  if (!spec) throw new Error(specMissingReason() ?? "spec not loaded");
  return spec;
};

const INVITES = "/api/atlas/v2/orgs/{orgId}/invites";
const ORG_USER = "/api/atlas/v2/orgs/{orgId}/users/{userId}";
const V2023 = "application/vnd.atlas.2023-01-01+json;charset=utf-8";
const V2025 = "application/vnd.atlas.2025-02-19+json;charset=utf-8";
const invite = {
  createdAt: "2026-08-10T03:03:37Z",
  expiresAt: "2026-09-09T03:03:37Z",
  groupRoleAssignments: [],
  id: "6a793f89c0eb9e7a177165b6",
  inviterUsername: "x@example.com",
  orgId: "a0123456789abcdef012345a",
  orgName: "AtlasCLIE2E",
  roles: ["ORG_MEMBER"],
  teamIds: [],
  username: "test-783@mongodb.com",
};
const pending = {
  id: "6a793f8ec0eb9e7a17716c2e",
  invitationCreatedAt: "2026-08-10T03:03:42Z",
  invitationExpiresAt: "2026-09-09T03:03:42Z",
  inviterUsername: "x@example.com",
  orgMembershipStatus: "PENDING",
  roles: { groupRoleAssignments: [], orgRoles: ["ORG_READ_ONLY"] },
  teamIds: [],
  username: "test-file-812@mongodb.com",
};
const active = {
  country: "IE",
  createdAt: "2020-02-18T10:58:47Z",
  firstName: "Firstname",
  id: "5e4bc367c6b0f41bb9bbb178",
  lastAuth: "2026-08-08T18:15:51Z",
  lastName: "Lastname",
  orgMembershipStatus: "ACTIVE",
  roles: {
    groupRoleAssignments: [{ groupId: "b0123456789abcdef012345b", groupRoles: ["GROUP_OWNER"] }],
    orgRoles: ["ORG_OWNER"],
  },
  teamIds: [],
  username: "member1@example.com",
};

const USERS = "/api/atlas/v2/orgs/{orgId}/users";
const JSON_CT = "application/json";
/** validateResponse(spec, …) with positional arguments. */
const resp = (method: string, pathTemplate: string, status: number, contentType: string, body: unknown) =>
  validateResponse(S(), { method, pathTemplate, status, contentType, body });

describe.skipIf(!spec)(`openapi helpers against the real Atlas spec${SKIP_REASON}`, () => {
  it("loads once per process", () => {
    expect(loadSpec()).toBe(S());
    expect(specMissingReason()).toBeNull();
  });

  it("finds operations, versions and roles", () => {
    expect(findOperation(S(), "get", INVITES)).toMatchObject({
      operationId: "listOrgInvites",
      deprecated: true,
    });
    expect(findOperation(S(), "PUT", INVITES)).toBeUndefined();
    expect(operationVersions(S(), "GET", INVITES)).toEqual([
      { version: "2023-01-01", sunset: "2027-07-01", deprecated: true, mediaTypes: [V2023.split(";")[0]] },
    ]);
    expect(operationVersions(S(), "GET", USERS)).toMatchObject([
      { version: "2023-01-01", sunset: "2027-07-01", deprecated: false },
      { version: "2025-02-19", deprecated: false },
    ]);
    expect(operationVersions(S(), "GET", ORG_USER)[0]).not.toHaveProperty("sunset");
    expect(rolesRequirements(S(), "GET", INVITES)).toEqual(["Organization Owner"]);
    expect(rolesRequirements(S(), "GET", ORG_USER)).toEqual(["Organization Member"]);
  });

  it("finds response schemas by status and exact media type, resolving components/responses", () => {
    expect(declaredStatuses(S(), "GET", INVITES)).toEqual(["200", "400", "401", "403", "404", "429", "500"]);
    expect(responseSchema(S(), "GET", INVITES, 200, V2023)).toMatchObject({ type: "array" });
    expect(responseSchema(S(), "GET", INVITES, 200, V2025)).toBeUndefined();
    expect(responseSchema(S(), "GET", INVITES, 201, V2023)).toBeUndefined();
    expect(responseSchema(S(), "GET", INVITES, "404", JSON_CT)).toEqual({
      $ref: "#/components/schemas/ApiError",
    });
    expect(resolveRef(S(), "#/components/schemas/ApiError")).toMatchObject({
      required: ["error", "errorCode"],
    });
  });

  it("validates the recorded listOrgInvites body, and names the paths of a broken one", () => {
    expect(resp("GET", INVITES, 200, V2023, [invite])).toEqual({ declared: true, errors: [] });
    const { errors } = resp("GET", INVITES, 200, V2023, [
      invite,
      { ...invite, roles: ["ORG_FOO"], id: "xyz" },
    ]);
    expect(errors).toHaveLength(2);
    expect(errors).toContain('$[1].id: "xyz" does not match pattern ^([a-f0-9]{24})$');
    expect(
      errors.find((e) => e.startsWith('$[1].roles[0]: "ORG_FOO" is not one of ORG_OWNER, ')),
    ).toBeDefined();
    const wrongVersion = resp("GET", INVITES, 200, V2025, []);
    expect(wrongVersion.declared).toBe(false);
    expect(wrongVersion.errors[0]).toContain("application/vnd.atlas.2025-02-19+json is not declared");
  });

  it("validates OrgUserResponse (oneOf + discriminator on orgMembershipStatus)", () => {
    const get = (body: unknown) => resp("GET", ORG_USER, 200, V2025, body).errors;
    expect(get(pending)).toEqual([]);
    expect(get(active)).toEqual([]);
    expect(
      get({ ...pending, orgMembershipStatus: "INVITATION_REJECTED", invitationExpiresAt: null }),
    ).toEqual([]);
    const { invitationCreatedAt: _dropped, ...noCreatedAt } = pending;
    expect(get(noCreatedAt)).toEqual(['$: missing required property "invitationCreatedAt"']);
    expect(get({ ...pending, orgMembershipStatus: "ACTIVE" })).toEqual([
      '$: missing required property "createdAt"',
      '$: missing required property "firstName"',
      '$: missing required property "lastName"',
    ]);
    expect(get({ ...pending, orgMembershipStatus: "GONE" })).toContain(
      '$.orgMembershipStatus: "GONE" is not one of PENDING, ACTIVE, INVITATION_EXPIRED, INVITATION_REJECTED',
    );
  });

  it("validates PaginatedOrgUserView and ApiError, and 204 without a body", () => {
    const results = [active, pending, active, { ...pending, roles: { orgRoles: ["ORG_FOO"] } }];
    const { errors } = resp("GET", USERS, 200, V2025, { links: [], results, totalCount: 4 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\$\.results\[3\]\.roles\.orgRoles\[0\]: "ORG_FOO" is not one of ORG_OWNER, /);
    const apiError = {
      detail: "No group.",
      error: 404,
      errorCode: "GROUP_NOT_FOUND",
      parameters: [],
      reason: "Not Found",
    };
    expect(resp("GET", ORG_USER, 404, JSON_CT, apiError).errors).toEqual([]);
    expect(resp("GET", ORG_USER, 404, JSON_CT, { ...apiError, error: "404" }).errors).toEqual([
      '$.error: expected integer, got string "404"',
    ]);
    expect(resp("DELETE", ORG_USER, 204, V2025, undefined)).toEqual({ declared: true, errors: [] });
    expect(resp("DELETE", ORG_USER, 204, V2025, { a: 1 }).errors).toHaveLength(1);
  });

  it("validates request bodies with direction request (createOrgUser)", () => {
    const schema = requestSchema(S(), "POST", USERS, V2025);
    expect(schema).toEqual({ $ref: "#/components/schemas/OrgUserRequest" });
    const body = { roles: { orgRoles: ["ORG_MEMBER"] }, teamIds: [], username: "new@example.com" };
    expect(validate(S(), schema, body, { direction: "request" })).toEqual([]);
    expect(validate(S(), schema, body)).toContain(
      "$.username: writeOnly property must not appear in a response",
    );
  });

  it("compiles every pattern in the spec (some only without the u flag)", () => {
    const failures: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) {
          if (key === "pattern" && typeof value === "string" && "error" in compilePattern(value))
            failures.push(value);
          walk(value);
        }
      }
    };
    walk(S().components);
    walk(S().paths);
    expect(failures).toEqual([]);
  });

  it("documents where real Atlas (recorded 2026-08-10) disagrees with its own spec", () => {
    const real = { ...invite, inviterUsername: "nmtxqlkl", orgName: "Atlas CLI E2E" };
    expect(resp("GET", INVITES, 200, V2023, [real]).errors).toEqual([
      '$[0].inviterUsername: "nmtxqlkl" is not a valid email',
      `$[0].orgName: "Atlas CLI E2E" does not match pattern ^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$`,
    ]);
    expect(resp("GET", ORG_USER, 200, V2025, { ...active, mobileNumber: null }).errors).toEqual([
      "$.mobileNumber: null is not allowed (type string, not nullable)",
    ]);
    // Atlas answers 201 to createTeam; the spec declares only 200.
    expect(declaredStatuses(S(), "POST", "/api/atlas/v2/orgs/{orgId}/teams")).not.toContain("201");
    // Real errors carry string/number parameters, e.g. ["111111111111111111111111"]; the spec says items: object.
    const realError = { error: 404, errorCode: "GROUP_NOT_FOUND", parameters: ["111111111111111111111111"] };
    expect(resp("GET", ORG_USER, 404, JSON_CT, realError).errors).toEqual([
      '$.parameters[0]: expected object, got string "111111111111111111111111"',
    ]);
  });
});
