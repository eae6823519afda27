// Contract tests of the deviation table (contract/support.ts DEVIATIONS): each deviation still happens, and
// anything else in the same answers is still reported.
import { describe, expect, it } from "vitest";
import {
  ACTIVE,
  applyDeviations,
  BROKEN_MOBILE_PATTERN_START,
  createUserBody,
  DEVIATIONS,
  findOperationById,
  freshEmail,
  GROUP_INVITES,
  media,
  moveClockPast,
  observe,
  ORG,
  ORG_PATH,
  PENDING,
  requestProblems,
  S,
  SKIP_NOTE,
  spec,
  V23,
  V25,
} from "./support";
import type { Observation } from "./support";
import { DEMO } from "../../src/demo-seed";
import {
  compilePattern,
  declaredStatuses,
  requestSchema,
  resolveRef,
  responseSchema,
  validate,
} from "../support/openapi";
import type { SchemaObject } from "../support/openapi";
import { startTestSim, useTestSim } from "../support/sim";
import type { ApiOptions } from "../support/sim";

describe.skipIf(!spec)(`Atlas OpenAPI contract: deviations${SKIP_NOTE}`, () => {
  if (!spec) {
    it("checks the simulator against the spec", () => {});
    return;
  }

  describe("deviations", () => {
    const sim = useTestSim();

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
