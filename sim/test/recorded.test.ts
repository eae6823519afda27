// The "recorded" suite: every real Atlas response recorded by the Atlas CLI e2e tests (../shared/atlas-openapi/
// recorded, or $ATLAS_RECORDED_PATH) of an endpoint the simulator serves is replayed against the simulator, which
// must answer with the same status, Content-Type, Deprecation / Sunset, rate-limit headers, the same set of body
// field names and the same key order. The recordings are read at run time and never copied into the project.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Router } from "../src/router";
import { OPERATIONS } from "../src/simulator";
import type { Operation } from "../src/router";
import type { OperationMatch, Recording } from "./support/recorded";
import {
  DEFAULT_RECORDED_RELATIVE_PATH,
  fieldPaths,
  hasReplayPlan,
  header,
  keyOrders,
  loadRecordings,
  matchOperation,
  recordedPath,
  recordingsAvailable,
  replayPlan,
  seedFromRecordings,
} from "./support/recorded";
import type { ApiResponse, TestSim } from "./support/sim";
import { startTestSim } from "./support/sim";

const ROOT = recordedPath();
const AVAILABLE = recordingsAvailable(ROOT);
const SHOWN = process.env.ATLAS_RECORDED_PATH ? ROOT : DEFAULT_RECORDED_RELATIVE_PATH;

// Why a recording is not replayed. ONE table: every recording is either replayed or listed here.
const CREATE_PROJECT =
  "POST /groups (createProject): the simulator does not create projects; they come from the seed";
const PROJECT_TEAMS = "/groups/{groupId}/teams (project teams): not simulated";
const TEAM_WRITES =
  "POST|PATCH|DELETE /orgs/{orgId}/teams[/{teamId}]: teams are seeded; the simulator only lists / gets them";
const TEAM_BY_NAME = "GET /orgs/{orgId}/teams/byName/{teamName}: not simulated";
const TEAM_USERS = "/orgs/{orgId}/teams/{teamId}/users (team membership): not simulated";
const GET_USER = "GET /users/{userId} (getUser): not simulated; of /users only POST (createUser) is";
const PROJECT_USERS = "GET /groups/{groupId}/users (project users): not simulated";

const NOT_SERVED: Record<string, string> = {
  "atlasprojectinvitations/TestAtlasProjectInvitations/POST_api_atlas_v2_groups_1.snaphost": CREATE_PROJECT,
  "atlasprojectteams/TestAtlasProjectTeams/Add/POST_api_atlas_v2_groups_6a794012c0eb9e7a17719684_teams_1.snaphost":
    PROJECT_TEAMS,
  "atlasprojectteams/TestAtlasProjectTeams/DELETE_api_atlas_v2_orgs_a0123456789abcdef012345a_teams_6a79401b2c88faeba59be48c_1.snaphost":
    TEAM_WRITES,
  "atlasprojectteams/TestAtlasProjectTeams/Delete/DELETE_api_atlas_v2_groups_6a794012c0eb9e7a17719684_teams_6a79401b2c88faeba59be48c_1.snaphost":
    PROJECT_TEAMS,
  "atlasprojectteams/TestAtlasProjectTeams/List/GET_api_atlas_v2_groups_6a794012c0eb9e7a17719684_teams_1.snaphost":
    PROJECT_TEAMS,
  "atlasprojectteams/TestAtlasProjectTeams/POST_api_atlas_v2_groups_1.snaphost": CREATE_PROJECT,
  "atlasprojectteams/TestAtlasProjectTeams/POST_api_atlas_v2_orgs_a0123456789abcdef012345a_teams_1.snaphost":
    TEAM_WRITES,
  "atlasprojectteams/TestAtlasProjectTeams/Update/PATCH_api_atlas_v2_groups_6a794012c0eb9e7a17719684_teams_6a79401b2c88faeba59be48c_1.snaphost":
    PROJECT_TEAMS,
  "atlasteams/TestAtlasTeams/Create/POST_api_atlas_v2_orgs_a0123456789abcdef012345a_teams_1.snaphost":
    TEAM_WRITES,
  "atlasteams/TestAtlasTeams/Delete/DELETE_api_atlas_v2_orgs_a0123456789abcdef012345a_teams_6a794032c0eb9e7a1771a2dd_1.snaphost":
    TEAM_WRITES,
  "atlasteams/TestAtlasTeams/Describe_By_Name/GET_api_atlas_v2_orgs_a0123456789abcdef012345a_teams_byName_teams643_1.snaphost":
    TEAM_BY_NAME,
  "atlasteams/TestAtlasTeams/Rename/PATCH_api_atlas_v2_orgs_a0123456789abcdef012345a_teams_6a794032c0eb9e7a1771a2dd_1.snaphost":
    TEAM_WRITES,
  "atlasteamusers/TestAtlasTeamUsers/Add/POST_api_atlas_v2_orgs_a0123456789abcdef012345a_teams_6a79404ec0eb9e7a1771aa1d_users_1.snaphost":
    TEAM_USERS,
  "atlasteamusers/TestAtlasTeamUsers/DELETE_api_atlas_v2_orgs_a0123456789abcdef012345a_teams_6a79404ec0eb9e7a1771aa1d_1.snaphost":
    TEAM_WRITES,
  "atlasteamusers/TestAtlasTeamUsers/Delete/DELETE_api_atlas_v2_orgs_a0123456789abcdef012345a_teams_6a79404ec0eb9e7a1771aa1d_users_61dc5929ae95796dcd418d1d_1.snaphost":
    TEAM_USERS,
  "atlasteamusers/TestAtlasTeamUsers/List/GET_api_atlas_v2_orgs_a0123456789abcdef012345a_teams_6a79404ec0eb9e7a1771aa1d_users_1.snaphost":
    TEAM_USERS,
  "atlasteamusers/TestAtlasTeamUsers/List_Compact/GET_api_atlas_v2_orgs_a0123456789abcdef012345a_teams_6a79404ec0eb9e7a1771aa1d_users_1.snaphost":
    TEAM_USERS,
  "atlasteamusers/TestAtlasTeamUsers/POST_api_atlas_v2_orgs_a0123456789abcdef012345a_teams_1.snaphost":
    TEAM_WRITES,
  "atlasusers/TestAtlasUsers/Describe_by_ID/GET_api_atlas_v2_users_5e4bc367c6b0f41bb9bbb178_1.snaphost":
    GET_USER,
  "atlasusers/TestAtlasUsers/List/GET_api_atlas_v2_groups_b0123456789abcdef012345b_users_1.snaphost":
    PROJECT_USERS,
};

const SERVICE_ACCOUNT = {
  clientId: "mdb_sa_id_5f00000000000000000000ec",
  clientSecret: "mdb_sa_sk_recorded_replay_not_a_real_secret",
};

const RECORDINGS: Recording[] = AVAILABLE ? loadRecordings(ROOT) : [];
const MATCHED = RECORDINGS.map((rec) => ({ rec, match: matchOperation<Operation>(rec, OPERATIONS) }));
const REPLAYED = MATCHED.filter((m): m is { rec: Recording; match: OperationMatch<Operation> } => !!m.match);
const SEED = seedFromRecordings(RECORDINGS, SERVICE_ACCOUNT);

const describeRecorded = (rec: Recording) => `${rec.method ?? "?"} ${rec.guessedPath}`;

/** Keys of `actual` that are also in `expected`, in the order `actual` sent them; and vice versa. */
function sharedOrder(expected: string[], actual: string[]): { expected: string[]; actual: string[] } {
  return {
    expected: expected.filter((k) => actual.includes(k)),
    actual: actual.filter((k) => expected.includes(k)),
  };
}

function compare(rec: Recording, res: ApiResponse, simUrl: string): void {
  const recorded = rec.response;
  const what = (s: string) => `${rec.file}: ${s}`;
  expect.soft(res.status, what("status")).toBe(recorded.status);
  expect
    .soft(res.headers.get("content-type"), what("Content-Type"))
    .toBe(header(recorded, "content-type") ?? null);
  expect
    .soft(res.headers.get("deprecation"), what("Deprecation"))
    .toBe(header(recorded, "deprecation") ?? null);
  expect.soft(res.headers.get("sunset"), what("Sunset")).toBe(header(recorded, "sunset") ?? null);

  const limit = res.headers.get("ratelimit-limit");
  expect.soft(limit, what("Ratelimit-Limit")).toBe(header(recorded, "ratelimit-limit") ?? null);
  const remaining = res.headers.get("ratelimit-remaining");
  expect.soft(remaining ?? "(absent)", what("Ratelimit-Remaining is an integer")).toMatch(/^\d+$/);
  if (remaining !== null && limit !== null) {
    expect
      .soft(Number(remaining), what("Ratelimit-Remaining ≤ Ratelimit-Limit"))
      .toBeLessThanOrEqual(Number(limit));
  }

  if (recorded.body === undefined) {
    expect.soft(res.text, what("empty body")).toBe("");
    return;
  }
  expect.soft(fieldPaths(res.body), what("body field names")).toEqual(fieldPaths(recorded.body));
  const recordedOrders = keyOrders(recorded.body);
  const simOrders = keyOrders(res.body);
  for (const [at, keys] of Object.entries(recordedOrders)) {
    const order = sharedOrder(keys, simOrders[at] ?? []);
    expect.soft(order.actual, what(`key order of ${at}`)).toEqual(order.expected);
  }
  // Paginated envelopes: the same self / next links, byte for byte once the host is swapped.
  const recordedLinks = (recorded.body as { links?: unknown } | null)?.links;
  if (Array.isArray(recordedLinks) && "results" in (recorded.body as object)) {
    const swap = (links: unknown) => JSON.stringify(links).replaceAll("http://localhost:8080", "<host>");
    expect
      .soft(swap((res.body as { links?: unknown }).links).replaceAll(simUrl, "<host>"), what("links"))
      .toBe(swap(recordedLinks));
  }
}

const TITLE = AVAILABLE
  ? `recorded Atlas responses (${RECORDINGS.length} recordings in ${SHOWN})`
  : `recorded Atlas responses (skipped: ${SHOWN} is absent)`;

describe.skipIf(!AVAILABLE)(TITLE, () => {
  if (!AVAILABLE) {
    it("replays the recorded Atlas responses against the simulator", () => {});
    return;
  }

  let sim: TestSim;
  let token: string;

  beforeAll(async () => {
    sim = await startTestSim(SEED);
    token = await sim.token(SERVICE_ACCOUNT);
  });

  afterAll(async () => {
    await sim?.close();
  });

  it("finds recordings", () => {
    expect(RECORDINGS.length).toBeGreaterThan(0);
  });

  it("replays every recording of a served endpoint and lists every other one in NOT_SERVED", () => {
    const unaccounted = MATCHED.filter(({ rec, match }) => !match && !(rec.file in NOT_SERVED)).map(
      ({ rec }) => `${rec.file} (${describeRecorded(rec)})`,
    );
    expect(
      unaccounted,
      "recordings of endpoints the simulator does not serve: add them to NOT_SERVED",
    ).toEqual([]);
    const servedButListed = REPLAYED.filter(({ rec }) => rec.file in NOT_SERVED).map(
      ({ rec, match }) => `${rec.file} → ${match.op.operationId}`,
    );
    expect(servedButListed, "the simulator serves these now: remove them from NOT_SERVED").toEqual([]);
    const files = new Set(RECORDINGS.map((r) => r.file));
    const stale = Object.keys(NOT_SERVED).filter((f) => !files.has(f));
    expect(stale, "NOT_SERVED names recordings that do not exist").toEqual([]);
    for (const [file, reason] of Object.entries(NOT_SERVED)) expect(reason.trim(), file).not.toBe("");
    expect(REPLAYED.length + Object.keys(NOT_SERVED).length).toBe(RECORDINGS.length);
  });

  it("matches each replayed recording to the operation the simulator's router picks", () => {
    const router = new Router(OPERATIONS);
    for (const { rec, match } of REPLAYED) {
      expect(router.match(match.op.method, match.path).found?.op.operationId, rec.file).toBe(
        match.op.operationId,
      );
      expect(hasReplayPlan(match), `${rec.file}: no request builder for ${match.op.operationId}`).toBe(true);
    }
  });

  it("seeds every org, project, team, user and invitation a replayed request names, and an org owner", () => {
    const orgs = SEED.orgs ?? [];
    const missing: string[] = [];
    for (const { rec, match } of REPLAYED) {
      const { orgId, groupId, teamId, userId, invitationId } = match.params;
      const org = orgId
        ? orgs.find((o) => o.id === orgId)
        : orgs.find((o) => o.projects?.some((p) => p.id === groupId));
      if ((orgId || groupId) && !org) missing.push(`${rec.file}: org of ${orgId ?? groupId}`);
      if (groupId && !org?.projects?.some((p) => p.id === groupId))
        missing.push(`${rec.file}: project ${groupId}`);
      if (teamId && !org?.teams?.some((t) => t.id === teamId)) missing.push(`${rec.file}: team ${teamId}`);
      if (userId && !org?.users?.some((u) => u.id === userId)) missing.push(`${rec.file}: user ${userId}`);
      const invited = groupId
        ? org?.projectInvitations?.some((i) => i.id === invitationId && i.groupId === groupId)
        : org?.users?.some((u) => u.invitationId === invitationId && u.orgMembershipStatus === "PENDING");
      if (invitationId && !invited) missing.push(`${rec.file}: invitation ${invitationId}`);
    }
    expect(missing).toEqual([]);
    // Recorded org names are kept as they are (real Atlas names contain spaces).
    for (const rec of RECORDINGS) {
      const body = rec.response.body as { orgId?: unknown; orgName?: unknown } | undefined;
      if (body && typeof body.orgName === "string") {
        expect(orgs.find((o) => o.id === body.orgId)?.name, rec.file).toBe(body.orgName);
      }
    }
    expect(SEED.serviceAccounts?.[0]?.orgRoles).toEqual(
      Object.fromEntries(orgs.map((o) => [o.id, ["ORG_OWNER"]])),
    );
  });

  for (const folder of [...new Set(REPLAYED.map(({ rec }) => rec.folder))]) {
    describe(folder, () => {
      for (const { rec, match } of REPLAYED.filter((r) => r.rec.folder === folder)) {
        it(`${match.op.operationId}: ${path.posix.basename(rec.file)}`, async () => {
          // Every case starts from the seed (access tokens survive the reset).
          expect((await sim.control("POST", "/__sim/reset")).status).toBe(200);
          const plan = replayPlan(rec, match, SEED);
          for (const step of plan.setup) {
            const res = await sim.api(step.method, step.path, {
              token,
              accept: step.accept,
              body: step.body,
            });
            expect(res.status, `setup ${step.method} ${step.path}: ${res.text}`).toBeLessThan(300);
          }
          const { method, path: requestPath, accept, body } = plan.request;
          const res = await sim.api(method, requestPath, { token, accept, body });
          compare(rec, res, sim.url);
        });
      }
    });
  }
});
