// Personal API tokens (issue 17 [H], docs/api.md): the lifecycle, what a token may do (never more than its owner,
// only its orgs, no session-only operation), how a bearer request is refused, and that the secret appears in
// the creation answer only. Route handlers against the simulator, on PGlite and on PostgreSQL when
// TEST_DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import * as accountTokensRoute from "@/app/api/account/tokens/route";
import * as accountTokenRoute from "@/app/api/account/tokens/[tokenId]/route";
import * as adminTokensRoute from "@/app/api/tokens/route";
import * as adminTokenRoute from "@/app/api/tokens/[tokenId]/route";
import * as orgsRoute from "@/app/api/orgs/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import * as approvalsRoute from "@/app/api/orgs/[orgId]/approvals/route";
import * as policyRoute from "@/app/api/orgs/[orgId]/policy/route";
import * as usersRoute from "@/app/api/users/route";
import * as auditRoute from "@/app/api/audit/route";
import * as sessionsRoute from "@/app/api/account/sessions/route";
import { flushActivity } from "@/lib/server/auth/activity";
import { getDb } from "@/lib/server/db";
import { apiTokens } from "@/lib/server/db/schema/tokens";
import { user as userTable } from "@/lib/server/db/schema/auth";
import { isWellFormedToken } from "@/lib/server/tokens/format";
import { TOKEN_RATE_PER_MINUTE } from "@/lib/schemas/tokens";
import type { TestSim } from "@/sim/test/support/sim";
import { testDatabases } from "../support/db";
import {
  DEMO,
  call,
  consoleAgainstSimulator,
  useAdminOnDatabase,
  useDefaultHeaders,
} from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const OTHER_ORG = DEMO.secondOrgId;
let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

let n = 0;
const address = (tag: string) => `${tag}-${++n}-${process.pid}@tokens.example`;
const grants = { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] };

/** Creates a token as the person whose session headers are given. */
async function createToken(session: Record<string, string>, body: Record<string, unknown>) {
  return call(accountTokensRoute.POST, "POST", "/api/account/tokens", { headers: session, body });
}

/** Headers of a bearer request: no cookie, no Origin, no Sec-Fetch-Site (a script's request). */
const bearer = (token: string) => ({
  Authorization: `Bearer ${token}`,
  Cookie: "",
  Origin: "",
  "Sec-Fetch-Site": "",
});

const invite = (headers: Record<string, string>, body: Record<string, unknown>, orgId = ORG) =>
  call(invitationsRoute.POST, "POST", `/api/orgs/${orgId}/invitations`, { headers, body, params: { orgId } });

const atlasCalls = async () => (await sim.journal()).filter((e) => e.path.startsWith("/api/atlas/")).length;

describe.each(testDatabases())("API tokens on $name", ({ open }) => {
  useAdminOnDatabase(open);
  let inviter: Record<string, string>;
  let viewer: Record<string, string>;
  let admin: Record<string, string>;
  beforeAll(async () => {
    admin = await signedInRequest("admin");
    inviter = await signedInRequest("inviter", { email: address("inviter") });
    viewer = await signedInRequest("viewer");
    useDefaultHeaders({});
  });

  it("is created once (ic_ with its checksum), listed without its secret, used, and its last use recorded", async () => {
    const created = await createToken(inviter, { name: "hr-sync", expiresInDays: 30 });
    expect(created.status, created.text).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^ic_[0-9A-Za-z]{49}$/);
    expect(isWellFormedToken(token)).toBe(true);
    expect(created.body).toMatchObject({
      name: "hr-sync",
      role: null,
      effectiveRole: "inviter",
      state: "active",
    });
    expect(created.body.prefix).toBe(token.slice(0, 7));
    const days = (Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)) / 86_400_000;
    expect(days).toBe(30);

    const listed = await call(accountTokensRoute.GET, "GET", "/api/account/tokens", { headers: inviter });
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(token);
    expect(listed.text).not.toContain(token.slice(7));
    expect(listed.body.tokens[0]).toMatchObject({ name: "hr-sync", lastUsedAt: null });

    const orgs = await call(orgsRoute.GET, "GET", "/api/orgs", {
      headers: { ...bearer(token), "X-Forwarded-For": "198.51.100.7" },
    });
    expect(orgs.status, orgs.text).toBe(200);
    expect(orgs.headers.get("set-cookie")).toBeNull();
    // The last use is written off the request path, in the next batch (lib/server/auth/activity.ts).
    await flushActivity();
    const [row] = await (await getDb()).select().from(apiTokens).where(eq(apiTokens.id, created.body.id));
    expect(row!.lastUsedAt).not.toBeNull();
    // Only the hash is stored.
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("invites as its owner, without Origin, and the audit names the person and the token; the secret is nowhere", async () => {
    const created = await createToken(inviter, { name: "nightly-job" });
    const token = created.body.token as string;
    expect(Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)).toBe(90 * 86_400_000);
    const email = address("scripted");
    const res = await invite(bearer(token), { emails: email, ...grants });
    expect(res.status, res.text).toBe(201);
    expect(res.text).not.toContain(token);
    const db = await getDb();
    const rows = await db.execute<{ user_email: string; token_name: string | null; token_id: string | null }>(
      sql`select user_email, token_name, token_id from audit_rows where target_email = ${email} and action = 'invitation.created'`,
    );
    expect(rows.rows).toEqual([
      {
        user_email: expect.stringMatching(/^inviter-/),
        token_name: "nightly-job",
        token_id: created.body.id,
      },
    ]);
    const leaks = await db.execute<{ n: number }>(
      sql`select (select count(*) from audit_events where data like ${`%${token.slice(3)}%`})::int +
                 (select count(*) from audit_rows where coalesce(detail, '') || coalesce(user_agent, '') like ${`%${token.slice(3)}%`})::int as n`,
    );
    expect(Number(leaks.rows[0]!.n)).toBe(0);
    // The admin's audit page shows it.
    const audit = await call(auditRoute.GET, "GET", "/api/audit", {
      headers: admin,
      query: `?action=invitation.created`,
    });
    expect(audit.status).toBe(200);
    const shown = (audit.body.rows as { targetEmail: string; tokenName: string | null }[]).find(
      (r) => r.targetEmail === email,
    );
    expect(shown?.tokenName).toBe("nightly-job");
  });

  it("carries at most its owner's role: a viewer's token cannot invite, an inviter's cannot grant ORG_OWNER", async () => {
    const v = (await createToken(viewer, { name: "reader" })).body.token as string;
    const before = await atlasCalls();
    expect((await invite(bearer(v), { emails: address("v"), ...grants })).status).toBe(403);
    const i = (await createToken(inviter, { name: "owner-grant" })).body.token as string;
    const privileged = await invite(bearer(i), { emails: address("o"), ...grants, orgRoles: ["ORG_OWNER"] });
    expect(privileged.status, privileged.text).toBe(403);
    expect(await atlasCalls()).toBe(before);
    // Asking for more than one's role is refused by name.
    const more = await createToken(inviter, { name: "too-much", role: "admin" });
    expect(more.status).toBe(400);
    expect(more.body.error.fields.role).toMatch(/more than your own role/);
  });

  it("drops with its owner's role, stops when the owner is deactivated, when revoked and when expired", async () => {
    const email = address("owner");
    const owner = await signedInRequest("admin", { email });
    const created = await createToken(owner, { name: "admin-script" });
    const token = created.body.token as string;
    const db = await getDb();
    expect((await call(usersRoute.GET, "GET", "/api/users", { headers: owner })).status).toBe(200);
    // An admin's token reads the audit; demoted to viewer, it no longer does, and cannot invite.
    expect((await call(auditRoute.GET, "GET", "/api/audit", { headers: bearer(token) })).status).toBe(200);
    await db
      .update(userTable)
      .set({ role: "viewer" })
      .where(eq(sql`lower(${userTable.email})`, email));
    // SQL by hand, not a service: on PostgreSQL this process hears it as another instance does, through the
    // database's NOTIFY (milliseconds); the services end the cached token in their own process at once.
    const status = async (path: string, handler: typeof auditRoute.GET) =>
      (await call(handler, "GET", path, { headers: bearer(token) })).status;
    await expect.poll(() => status("/api/audit", auditRoute.GET), { timeout: 1_000, interval: 20 }).toBe(403);
    expect((await invite(bearer(token), { emails: address("d"), ...grants })).status).toBe(403);
    const listed = await call(adminTokensRoute.GET, "GET", "/api/tokens", { headers: admin });
    expect(listed.body.tokens.find((t: { id: string }) => t.id === created.body.id).effectiveRole).toBe(
      "viewer",
    );
    // Deactivated: every request is a 401 at once.
    await db
      .update(userTable)
      .set({ active: false })
      .where(eq(sql`lower(${userTable.email})`, email));
    await expect.poll(() => status("/api/orgs", orgsRoute.GET), { timeout: 1_000, interval: 20 }).toBe(401);
    const stopped = await call(orgsRoute.GET, "GET", "/api/orgs", { headers: bearer(token) });
    expect(stopped.status).toBe(401);
    expect(stopped.body.error.message).toMatch(/no longer an active console user/);

    const other = (await createToken(inviter, { name: "to-revoke" })).body;
    expect((await call(orgsRoute.GET, "GET", "/api/orgs", { headers: bearer(other.token) })).status).toBe(
      200,
    );
    const revoked = await call(accountTokenRoute.DELETE, "DELETE", `/api/account/tokens/${other.id}`, {
      headers: inviter,
      params: { tokenId: other.id },
    });
    expect(revoked.status).toBe(204);
    const after = await call(orgsRoute.GET, "GET", "/api/orgs", { headers: bearer(other.token) });
    expect(after.status).toBe(401);
    expect(after.body.error.message).toMatch(/revoked/);

    const old = (await createToken(inviter, { name: "short-lived", expiresInDays: 1 })).body;
    await db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, old.id));
    const expired = await call(orgsRoute.GET, "GET", "/api/orgs", { headers: bearer(old.token) });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);
    const own = await call(accountTokensRoute.GET, "GET", "/api/account/tokens", { headers: inviter });
    const states = Object.fromEntries(
      own.body.tokens.map((t: { name: string; state: string }) => [t.name, t.state]),
    );
    expect(states).toMatchObject({ "to-revoke": "revoked", "short-lived": "expired", "hr-sync": "active" });
  });

  it("an admin lists every token with its owner and revokes anyone's; others cannot", async () => {
    const mine = (await createToken(viewer, { name: "viewer-token" })).body;
    const list = await call(adminTokensRoute.GET, "GET", "/api/tokens", { headers: admin });
    expect(list.status).toBe(200);
    const row = list.body.tokens.find((t: { id: string }) => t.id === mine.id);
    expect(row.owner.email).toMatch(/^viewer-/);
    expect(list.text).not.toContain(mine.token);
    expect((await call(adminTokensRoute.GET, "GET", "/api/tokens", { headers: inviter })).status).toBe(403);
    // Another person's token id is "no such token" to its non-owner.
    const foreign = await call(accountTokenRoute.DELETE, "DELETE", `/api/account/tokens/${mine.id}`, {
      headers: inviter,
      params: { tokenId: mine.id },
    });
    expect(foreign.status).toBe(404);
    const revoke = await call(adminTokenRoute.DELETE, "DELETE", `/api/tokens/${mine.id}`, {
      headers: admin,
      params: { tokenId: mine.id },
    });
    expect(revoke.status).toBe(204);
    expect((await call(orgsRoute.GET, "GET", "/api/orgs", { headers: bearer(mine.token) })).status).toBe(401);
  });

  it("a token for one org reads only that org, and not the org-wide routes", async () => {
    const created = await createToken(admin, { name: "demo-org-only", orgIds: [ORG] });
    expect(created.status, created.text).toBe(201);
    const token = created.body.token as string;
    const orgs = await call(orgsRoute.GET, "GET", "/api/orgs", { headers: bearer(token) });
    expect(orgs.body.orgs.map((o: { id: string }) => o.id)).toEqual([ORG]);
    const ok = await call(invitationsRoute.GET, "GET", `/api/orgs/${ORG}/invitations`, {
      headers: bearer(token),
      params: { orgId: ORG },
    });
    expect(ok.status).toBe(200);
    const before = await atlasCalls();
    const other = await call(invitationsRoute.GET, "GET", `/api/orgs/${OTHER_ORG}/invitations`, {
      headers: bearer(token),
      params: { orgId: OTHER_ORG },
    });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/not for this org/);
    expect(await atlasCalls()).toBe(before);
    expect((await call(auditRoute.GET, "GET", "/api/audit", { headers: bearer(token) })).status).toBe(403);
    // An org the console does not reach is refused when the token is made.
    const unknown = await createToken(admin, { name: "typo", orgIds: ["5f10000000000000000000ff"] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields["orgIds.0"]).toMatch(/not an org this console reaches/);
  });

  it("refuses a token with a cookie, a malformed or mistyped token, and the session-only operations", async () => {
    const token = (await createToken(admin, { name: "session-only-check" })).body.token as string;
    const both = await call(orgsRoute.GET, "GET", "/api/orgs", {
      headers: { ...admin, Authorization: `Bearer ${token}` },
    });
    expect(both.status).toBe(401);
    expect(both.body.error.message).toMatch(/not both/);
    const typo = `${token.slice(0, 10)}${token[10] === "a" ? "b" : "a"}${token.slice(11)}`;
    for (const header of [`Bearer ${typo}`, "Bearer ic_short", `Basic ${token}`, "Bearer"]) {
      const res = await call(orgsRoute.GET, "GET", "/api/orgs", {
        headers: { ...bearer(token), Authorization: header },
      });
      expect(res.status, header).toBe(401);
    }
    const headers = bearer(token);
    const refusals = [
      await createToken(headers, { name: "from-a-token" }),
      await call(accountTokensRoute.GET, "GET", "/api/account/tokens", { headers }),
      await call(sessionsRoute.GET, "GET", "/api/account/sessions", { headers }),
      await call(usersRoute.POST, "POST", "/api/users", {
        headers,
        body: { email: address("u"), role: "viewer" },
      }),
      await call(policyRoute.PUT, "PUT", `/api/orgs/${ORG}/policy`, {
        headers,
        params: { orgId: ORG },
        body: {},
      }),
    ];
    for (const r of refusals) {
      expect(r.status, r.text).toBe(403);
      expect(r.body.error.message).toMatch(/API tokens cannot do this/);
    }
  });

  it("validates what it is given: days 1–365, a name, one live token per name", async () => {
    for (const [body, field] of [
      [{ name: "x", expiresInDays: 0 }, "expiresInDays"],
      [{ name: "x", expiresInDays: 366 }, "expiresInDays"],
      [{ name: "x", expiresInDays: 2.5 }, "expiresInDays"],
      [{ name: "" }, "name"],
      [{ name: "a\u0000b" }, "name"],
      [{ name: "x", orgIds: [] }, "orgIds"],
      [{ name: "x", orgIds: ["not-an-id"] }, "orgIds.0"],
      [{ name: "x", role: "owner" }, "role"],
    ] as const) {
      const res = await createToken(viewer, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.body.error.fields), JSON.stringify(body)).toContain(field);
    }
    expect((await createToken(viewer, { name: "twice" })).status).toBe(201);
    const again = await createToken(viewer, { name: "TWICE" });
    expect(again.status).toBe(409);
    expect(again.body.error.fields.name).toMatch(/already have a token named/);
  });

  it(`answers 429 with Retry-After past ${TOKEN_RATE_PER_MINUTE} requests a minute`, async () => {
    const token = (await createToken(viewer, { name: "busy-script" })).body.token as string;
    const get = () =>
      call(approvalsRoute.GET, "GET", `/api/orgs/${ORG}/approvals`, {
        headers: bearer(token),
        params: { orgId: ORG },
        query: "?status=pending",
      });
    const statuses: number[] = [];
    for (let i = 0; i < TOKEN_RATE_PER_MINUTE; i++) statuses.push((await get()).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // The bucket refills at 2 a second: the requests made meanwhile may pass, then a 429.
    let limited = await get();
    for (let i = 0; limited.status === 200 && i < 20; i++) limited = await get();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.body.error.code).toBe("rate_limited");
    // Another token of the same person has its own budget.
    const fresh = (await createToken(viewer, { name: "other-script" })).body.token as string;
    expect((await call(orgsRoute.GET, "GET", "/api/orgs", { headers: bearer(fresh) })).status).toBe(200);
  });
});
