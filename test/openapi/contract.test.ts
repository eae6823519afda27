// The contract: real answers of the console's routes (in process, against the simulator) validated against the
// published OpenAPI document with Ajv (lib/openapi/contract.ts), not against the zod schemas it is built from.
// Successes and errors alike; every call also checks its status, so that a refused call cannot pass unseen.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as accountNotificationsRoute from "@/app/api/account/notifications/route";
import * as sessionsRoute from "@/app/api/account/sessions/route";
import * as accountTokenRoute from "@/app/api/account/tokens/[tokenId]/route";
import * as accountTokensRoute from "@/app/api/account/tokens/route";
import * as auditExportRoute from "@/app/api/audit/export/route";
import * as auditOrgsRoute from "@/app/api/audit/orgs/route";
import * as auditRoute from "@/app/api/audit/route";
import * as connectionTestRoute from "@/app/api/connections/[connectionId]/test/route";
import * as connectionsRoute from "@/app/api/connections/route";
import * as notificationsRoute from "@/app/api/notifications/route";
import * as docsRoute from "@/app/api/docs/route";
import * as openapiRoute from "@/app/api/openapi.json/route";
import * as approvalsRoute from "@/app/api/orgs/[orgId]/approvals/route";
import * as commandRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/[command]/route";
import * as resultsRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/results/route";
import * as runRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/route";
import * as rowsRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/rows/route";
import * as bulkRoute from "@/app/api/orgs/[orgId]/bulk/route";
import * as exportRoute from "@/app/api/orgs/[orgId]/export/route";
import * as renewRoute from "@/app/api/orgs/[orgId]/invitations/[invitationId]/renew/route";
import * as invitationRoute from "@/app/api/orgs/[orgId]/invitations/[invitationId]/route";
import * as renewalsRoute from "@/app/api/orgs/[orgId]/invitations/renewals/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import * as digestRoute from "@/app/api/orgs/[orgId]/notifications/digest-preview/route";
import * as countsRoute from "@/app/api/orgs/[orgId]/ledger/counts/route";
import * as ledgerRoute from "@/app/api/orgs/[orgId]/ledger/route";
import * as syncRoute from "@/app/api/orgs/[orgId]/ledger/sync/route";
import * as membersRoute from "@/app/api/orgs/[orgId]/members/route";
import * as timelineRoute from "@/app/api/orgs/[orgId]/people/[email]/timeline/route";
import * as policyRoute from "@/app/api/orgs/[orgId]/policy/route";
import * as presetRoute from "@/app/api/orgs/[orgId]/presets/[presetId]/route";
import * as presetsRoute from "@/app/api/orgs/[orgId]/presets/route";
import * as projectsRoute from "@/app/api/orgs/[orgId]/projects/route";
import * as sunsetRoute from "@/app/api/orgs/[orgId]/sunset/route";
import * as teamsRoute from "@/app/api/orgs/[orgId]/teams/route";
import * as orgsRoute from "@/app/api/orgs/route";
import * as adminTokensRoute from "@/app/api/tokens/route";
import * as usersRoute from "@/app/api/users/route";
import { checkAnswer } from "@/lib/openapi/contract";
import type { TestSim } from "@/sim/test/support/sim";
import type { CallOptions, RouteResponse } from "../support/routes";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const TEAM = "5f2000000000000000000003";
const P1 = "5f3000000000000000000001";
type Handler = Parameters<typeof call>[0];

let sim: TestSim;
let admin: Record<string, string>;
let viewer: Record<string, string>;
const checked: string[] = [];

beforeAll(async () => {
  sim = await consoleAgainstSimulator();
  admin = await signedInRequest("admin");
  viewer = await signedInRequest("viewer");
  useDefaultHeaders(admin);
});
afterAll(async () => {
  useDefaultHeaders({});
  await sim.close();
});

/** Calls the handler, expects `status`, and holds the answer to the document. */
async function contract(
  handler: Handler,
  method: string,
  path: string,
  status: number,
  opts: CallOptions = {},
): Promise<RouteResponse> {
  const res = await call(handler, method, path, opts);
  expect(res.status, `${method} ${path}: ${res.text.slice(0, 300)}`).toBe(status);
  const type = res.headers.get("content-type");
  let answer = { status: res.status, type, body: type?.startsWith("application/json") ? res.body : res.text };
  if (opts.query?.includes("envelope=true")) {
    // {status, content}: the document describes the content; a 204 travels as a 200 with content null.
    expect(res.status).toBe(res.body.status === 204 ? 200 : res.body.status);
    answer = {
      status: res.body.status,
      type: res.body.status === 204 ? null : type,
      body: res.body.content ?? undefined,
    };
  }
  expect(checkAnswer(method, path, answer.status, answer.type, answer.body), `${method} ${path}`).toEqual([]);
  checked.push(`${method} ${path} ${status}`);
  return res;
}

const org = (p = "") => `/api/orgs/${ORG}${p}`;
const inOrg = { params: { orgId: ORG } };

describe("answers match the OpenAPI document", () => {
  it("orgs, directory and reads", async () => {
    await contract(orgsRoute.GET, "GET", "/api/orgs", 200);
    await contract(teamsRoute.GET, "GET", org("/teams"), 200, inOrg);
    await contract(projectsRoute.GET, "GET", org("/projects"), 200, inOrg);
    await contract(membersRoute.GET, "GET", org("/members"), 200, inOrg);
    await contract(connectionsRoute.GET, "GET", "/api/connections", 200);
    await contract(usersRoute.GET, "GET", "/api/users", 200);
    await contract(sunsetRoute.GET, "GET", org("/sunset"), 200, inOrg);
    await contract(policyRoute.GET, "GET", org("/policy"), 200, inOrg);
    await contract(approvalsRoute.GET, "GET", org("/approvals"), 200, { ...inOrg, query: "?status=pending" });
    await contract(renewalsRoute.GET, "GET", org("/invitations/renewals"), 200, inOrg);
    await contract(openapiRoute.GET, "GET", "/api/openapi.json", 200);
    await contract(connectionTestRoute.POST, "POST", "/api/connections/env/test", 200, {
      params: { connectionId: "env" },
    });
    await contract(orgsRoute.GET, "GET", "/api/orgs", 200, { query: "?envelope=true&pretty=true" });
  });

  it("account, notifications and API tokens; a token's read", async () => {
    await contract(sessionsRoute.GET, "GET", "/api/account/sessions", 200);
    await contract(accountNotificationsRoute.GET, "GET", "/api/account/notifications", 200);
    await contract(notificationsRoute.GET, "GET", "/api/notifications", 200);
    await contract(digestRoute.GET, "GET", org("/notifications/digest-preview"), 200, inOrg);
    const created = await contract(accountTokensRoute.POST, "POST", "/api/account/tokens", 201, {
      body: { name: "contract", expiresInDays: 1 },
    });
    await contract(accountTokensRoute.GET, "GET", "/api/account/tokens", 200);
    await contract(adminTokensRoute.GET, "GET", "/api/tokens", 200);
    const bearer = { Cookie: "", Authorization: `Bearer ${created.body.token}` };
    await contract(orgsRoute.GET, "GET", "/api/orgs", 200, { headers: bearer });
    const sessionOnly = await contract(usersRoute.GET, "GET", "/api/users", 403, { headers: bearer });
    expect(sessionOnly.body.error.code).toBe("forbidden");
    const tokenId = created.body.id as string;
    await contract(accountTokenRoute.DELETE, "DELETE", `/api/account/tokens/${tokenId}`, 204, {
      params: { tokenId },
    });
  });

  it("invitations: list, invite, edit, renew, cancel", async () => {
    const list = await contract(invitationsRoute.GET, "GET", org("/invitations"), 200, inOrg);
    expect(list.body.invitations.length).toBeGreaterThan(0);

    const email = `contract-${Date.now()}@example.com`;
    const invited = await contract(invitationsRoute.POST, "POST", org("/invitations"), 201, {
      ...inOrg,
      body: { emails: email, orgRoles: ["ORG_MEMBER"], teamIds: [TEAM], projectRoles: [] },
      headers: { "Idempotency-Key": `contract-${Date.now()}` },
    });
    const id = invited.body.results[0].invitation.id as string;
    expect(id).toMatch(/^[a-f0-9]{24}$/);
    const one = { params: { orgId: ORG, invitationId: id } };

    const edited = await contract(invitationRoute.PATCH, "PATCH", org(`/invitations/${id}`), 200, {
      ...one,
      body: {
        source: "users",
        orgRoles: ["ORG_MEMBER", "ORG_READ_ONLY"],
        teamIds: [],
        projectRoles: [{ projectId: P1, roles: ["GROUP_READ_ONLY"] }],
      },
    });
    const renewed = await contract(
      renewRoute.POST,
      "POST",
      org(`/invitations/${edited.body.invitation.id}/renew`),
      201,
      {
        params: { orgId: ORG, invitationId: edited.body.invitation.id },
        body: { source: "users" },
      },
    );
    const newId = renewed.body.invitation.id as string;
    await contract(invitationRoute.DELETE, "DELETE", org(`/invitations/${newId}`), 204, {
      params: { orgId: ORG, invitationId: newId },
      body: { source: "users" },
    });
    await contract(timelineRoute.GET, "GET", org(`/people/${encodeURIComponent(email)}/timeline`), 200, {
      params: { orgId: ORG, email },
    });
  });

  it("ledger, audit and exports", async () => {
    await contract(ledgerRoute.GET, "GET", org("/ledger"), 200, { ...inOrg, query: "?status=pending" });
    await contract(countsRoute.GET, "GET", org("/ledger/counts"), 200, inOrg);
    await contract(syncRoute.GET, "GET", org("/ledger/sync"), 200, inOrg);
    await contract(syncRoute.POST, "POST", org("/ledger/sync"), 200, inOrg);
    await contract(auditRoute.GET, "GET", "/api/audit", 200);
    await contract(auditOrgsRoute.GET, "GET", "/api/audit/orgs", 200);
    await contract(auditExportRoute.GET, "GET", "/api/audit/export", 200);
    await contract(exportRoute.GET, "GET", org("/export"), 200, {
      ...inOrg,
      query: "?tab=pending&format=csv",
    });
    await contract(exportRoute.GET, "GET", org("/export"), 200, {
      ...inOrg,
      query: "?tab=pending&format=json",
    });
  });

  it("presets: create, list, replace, delete", async () => {
    const preset = { name: `Contract ${Date.now()}`, orgRoles: ["ORG_MEMBER"], teamIds: [TEAM] };
    const created = await contract(presetsRoute.POST, "POST", org("/presets"), 201, {
      ...inOrg,
      body: preset,
    });
    const presetId = created.body.preset.id as string;
    const one = { params: { orgId: ORG, presetId } };
    await contract(presetsRoute.GET, "GET", org("/presets"), 200, inOrg);
    await contract(presetRoute.PATCH, "PATCH", org(`/presets/${presetId}`), 200, {
      ...one,
      body: { ...preset, description: "changed" },
    });
    // Under ?envelope=true, a 204 is a 200 with {status: 204, content: null}.
    await contract(presetRoute.DELETE, "DELETE", org(`/presets/${presetId}`), 200, {
      ...one,
      query: "?envelope=true",
    });
  });

  it("bulk import: plan, run, rows, results, start", async () => {
    const stamp = Date.now().toString(36);
    const csv = `email,orgRoles\r\nbulk-contract-${stamp}@example.com,ORG_MEMBER\r\nnot-an-address,\r\n`;
    const planned = await contract(bulkRoute.POST, "POST", org("/bulk"), 201, {
      ...inOrg,
      body: { label: "contract.csv", csv },
    });
    const runId = planned.body.run.id as string;
    const run = { params: { orgId: ORG, runId } };
    await contract(bulkRoute.GET, "GET", org("/bulk"), 200, inOrg);
    await contract(runRoute.GET, "GET", org(`/bulk/${runId}`), 200, run);
    await contract(rowsRoute.GET, "GET", org(`/bulk/${runId}/rows`), 200, {
      ...run,
      query: "?bucket=invalid",
    });
    await contract(resultsRoute.GET, "GET", org(`/bulk/${runId}/results`), 200, run);
    await contract(resultsRoute.GET, "GET", org(`/bulk/${runId}/results`), 200, {
      ...run,
      query: "?format=json",
    });
    await contract(commandRoute.POST, "POST", org(`/bulk/${runId}/start`), 200, {
      params: { orgId: ORG, runId, command: "start" },
    });
  });

  it("errors: 400, 401, 403, 404, each in the documented envelope", async () => {
    const bad = await contract(invitationsRoute.POST, "POST", org("/invitations"), 400, {
      ...inOrg,
      body: { emails: "not-an-address", orgRoles: [] },
    });
    expect(bad.body.error.code).toBe("invalid_input");
    await contract(invitationsRoute.GET, "GET", "/api/orgs/not-an-id/invitations", 400, {
      params: { orgId: "not-an-id" },
    });
    const anonymous = await contract(orgsRoute.GET, "GET", "/api/orgs", 401, { headers: { Cookie: "" } });
    expect(anonymous.body.error.code).toBe("unauthorized");
    const refused = await contract(invitationsRoute.POST, "POST", org("/invitations"), 403, {
      ...inOrg,
      headers: viewer,
      body: { emails: "x@example.com", orgRoles: ["ORG_MEMBER"] },
    });
    expect(refused.body.error.code).toBe("forbidden");
    await contract(usersRoute.GET, "GET", "/api/users", 403, { headers: viewer });
    await contract(auditExportRoute.GET, "GET", "/api/audit/export", 403, { headers: viewer });
    const gone = "5f900000000000000000b0ff";
    await contract(runRoute.GET, "GET", org(`/bulk/${gone}`), 404, { params: { orgId: ORG, runId: gone } });
    const noPreset = "00000000-0000-4000-8000-0000000000ff";
    await contract(presetRoute.DELETE, "DELETE", org(`/presets/${noPreset}`), 404, {
      params: { orgId: ORG, presetId: noPreset },
    });
  });

  it("the reference page answers HTML with its own CSP, and sends a signed-out browser to sign in", async () => {
    const page = await contract(docsRoute.GET, "GET", "/api/docs", 200);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+'(;|$)/);
    const out = await call(docsRoute.GET, "GET", "/api/docs", {
      headers: { Cookie: "", Accept: "text/html" },
    });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/sign-in?next=%2Fapi%2Fdocs");
  });

  it("the checker itself refuses what the document does not say", () => {
    expect(checkAnswer("GET", "/api/orgs", 200, "application/json", { orgs: "no" })).not.toEqual([]);
    expect(checkAnswer("GET", "/api/orgs", 418, "application/json", {})).toEqual([
      "GET /api/orgs → 418: status not documented",
    ]);
    expect(checkAnswer("GET", "/api/nowhere", 200, "application/json", {})).toHaveLength(1);
    expect(
      checkAnswer("GET", "/api/orgs", 403, "application/json", {
        error: { code: "not_found", message: "x" },
      }),
    ).not.toEqual([]);
    expect(checked.length).toBeGreaterThan(30);
  });
});
