// Contract tests across operations: the operation and deviation tables are complete and well formed, every
// served version has a success call and every operation its error cases (the resource files run them), and
// the answers that hold for several operations at once.
import { beforeAll, describe, expect, it } from "vitest";
import { errorCases } from "./suites";
import {
  ALL_STATUSES,
  checkAnswer,
  dayMs,
  declaredStatusesOfAll,
  DEVIATIONS,
  EVERY_OPERATION,
  findOperationById,
  media,
  moveClockPast,
  ORG_PATH,
  pathParams,
  primary,
  S,
  SKIP_NOTE,
  spec,
  statusQuery,
  SUCCESS,
  useRoleTokens,
  V23,
  V25,
  WITH_BODY,
} from "./support";
import { OPERATIONS } from "../../src/simulator";
import { rolesRequirements } from "../support/openapi";
import { header, loadRecordings, matchOperation, recordingsAvailable, versionOf } from "../support/recorded";
import { useTestSim } from "../support/sim";

describe.skipIf(!spec)(`Atlas OpenAPI contract: the tables${SKIP_NOTE}`, () => {
  if (!spec) {
    it("checks the simulator against the spec", () => {});
    return;
  }

  describe("operation table", () => {
    it("lists every operation once", () => {
      expect(OPERATIONS.map((o) => o.operationId)).toEqual([...EVERY_OPERATION]);
    });

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
    const sim = useTestSim();

    it("cover every operation in every version it serves", () => {
      const covered = new Set(SUCCESS.map((c) => `${c.operationId}@${c.version}`));
      const served = OPERATIONS.flatMap((op) => op.versions.map((v) => `${op.operationId}@${v.version}`));
      expect(served.filter((key) => !covered.has(key))).toEqual([]);
      expect([...covered].filter((key) => !served.includes(key))).toEqual([]);
    });

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

  describe("error answers", () => {
    const sim = useTestSim();
    const tokens = useRoleTokens(sim);

    const cases = errorCases();

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

  describe("410 after the sunset date", () => {
    const sim = useTestSim({ reset: false });
    beforeAll(() => moveClockPast(sim, "2027-07-01"));

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
});
