// "Invited by" says the same everywhere (lib/server/ledger/attribution.ts, lib/schemas/inviter-label.ts):
// the console user who acted, what they did, and who made the first invitation of a renewed chain; a service
// account is shown by its connection's name on the live list and the ledger tabs alike. Route handlers
// against the simulator, users API, on PGlite (PostgreSQL when TEST_DATABASE_URL is set).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as atlasUsersRoute from "@/app/api/orgs/[orgId]/atlas-users/route";
import * as ledgerRoute from "@/app/api/orgs/[orgId]/ledger/route";
import * as timelineRoute from "@/app/api/orgs/[orgId]/people/[email]/timeline/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import { inviterLabel } from "@/lib/schemas/inviter-label";
import { envConnection } from "@/lib/server/atlas";
import { getDb } from "@/lib/server/db";
import { recordPending, SYSTEM_ACTOR, transition } from "@/lib/server/ledger/repository";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";
import { DB_NAME, ORG, P1, invite, renew, startConsole } from "./edit-renew.shared";

let sim: TestSim;
let close: () => Promise<void>;
const ADMIN = `admin-${DB_NAME}@invited-by.example`;
const INVITER = `inviter-${DB_NAME}@invited-by.example`;
let admin: Record<string, string>;
let inviter: Record<string, string>;
beforeAll(async () => {
  ({ sim, close } = await startConsole("users"));
  admin = await signedInRequest("admin", { email: ADMIN });
  inviter = await signedInRequest("inviter", { email: INVITER });
});
afterAll(() => close());
beforeEach(() => useDefaultHeaders(admin));

let n = 0;
const address = (tag: string) => `${tag}-${++n}-${DB_NAME}@invited-by.example`;
const grants = { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] };

async function pendingRow(email: string) {
  const res = await call(invitationsRoute.GET, "GET", `/api/orgs/${ORG}/invitations`, {
    params: { orgId: ORG },
  });
  expect(res.status, res.text).toBe(200);
  return (res.body.invitations as Array<Record<string, unknown> & { email: string }>).find(
    (i) => i.email === email,
  );
}
const ledgerTab = async (status: string) =>
  (
    await call(ledgerRoute.GET, "GET", `/api/orgs/${ORG}/ledger`, {
      params: { orgId: ORG },
      query: `?status=${status}`,
    })
  ).body.invitations as Array<Record<string, unknown> & { email: string }>;

describe(`invited by, one label everywhere (${DB_NAME})`, () => {
  it("after a renew: the admin who renewed, first invited by the inviter, on the list, the tab and the timeline", async () => {
    const email = address("renewed");
    useDefaultHeaders(inviter);
    const sent = await invite({ emails: email, ...grants });
    expect(sent.status, sent.text).toBe(201);
    const id = sent.body.results[0].invitation.id as string;
    const before = await pendingRow(email);
    expect(inviterLabel(before as never).text).toBe(`Invited by ${INVITER}`);

    useDefaultHeaders(admin);
    const renewed = await renew(id, "users");
    expect(renewed.status, renewed.text).toBe(201);
    const listed = await pendingRow(email);
    expect(listed).toMatchObject({
      invitedByConsoleUser: ADMIN,
      invitedVia: "renewed",
      firstInvitedBy: INVITER,
    });
    const text = `Renewed by ${ADMIN}, first invited by ${INVITER}`;
    expect(inviterLabel(listed as never).text).toBe(text);

    const tabRow = (await ledgerTab("pending")).find((i) => i.email === email);
    expect(inviterLabel(tabRow as never).text).toBe(text);
    const timeline = await call(timelineRoute.GET, "GET", `/api/orgs/${ORG}/people/${email}/timeline`, {
      params: { orgId: ORG, email },
    });
    expect(timeline.status, timeline.text).toBe(200);
    const current = (timeline.body.invitations as Array<{ status: string }>).find(
      (i) => i.status === "pending",
    );
    expect(inviterLabel(current as never).text).toBe(text);
  });

  it("after Create Atlas account: the admin who made the account, not the connection", async () => {
    const username = address("account");
    const res = await call(atlasUsersRoute.POST, "POST", `/api/orgs/${ORG}/atlas-users`, {
      params: { orgId: ORG },
      body: {
        username,
        firstName: "Nova",
        lastName: "Reyes",
        country: "FR",
        mobileNumber: "06 12 34 56 78",
        password: "Quartz-Lantern-Velvet-7741",
        orgRoles: ["ORG_MEMBER"],
        teamIds: [],
        projectRoles: [{ projectId: P1, roles: ["GROUP_READ_ONLY"] }],
      },
    });
    expect(res.status, res.text).toBe(201);
    const listed = await pendingRow(username);
    expect(listed).toMatchObject({ invitedByConsoleUser: ADMIN, invitedVia: "account" });
    expect(inviterLabel(listed as never).text).toBe(`Atlas account created by ${ADMIN}`);
    const tabRow = (await ledgerTab("pending")).find((i) => i.email === username);
    expect(inviterLabel(tabRow as never).text).toBe(`Atlas account created by ${ADMIN}`);
  });

  it("an invitation the connection's service account made outside the console: its name on Pending and on Expired", async () => {
    const connection = envConnection()!.name;
    const pendingEmail = address("api-made");
    const made = await sim.api("POST", `/api/atlas/v2/orgs/${ORG}/users`, {
      accept: "application/vnd.atlas.2025-02-19+json",
      body: { username: pendingEmail, roles: { orgRoles: ["ORG_MEMBER"] } },
    });
    expect(made.status, made.text).toBe(201);
    const listed = await pendingRow(pendingEmail);
    expect(listed?.inviter).toBe(DEMO.owner.clientId);
    expect(inviterLabel(listed as never).name).toBe(connection);

    // The same kind of invitation, found by the sync and since expired: the client id is not shown.
    const expiredEmail = address("api-expired");
    const db = await getDb();
    const row = await recordPending(
      db,
      {
        connectionId: "env",
        orgId: ORG,
        email: expiredEmail,
        source: "users",
        grants,
        userId: "5f7000000000000000099901",
        inviter: DEMO.owner.clientId,
      },
      { kind: "discovered" },
    );
    expect(await transition(db, row, "expired", { kind: "expired", actor: SYSTEM_ACTOR })).toBe(true);
    const expired = (await ledgerTab("expired")).find((i) => i.email === expiredEmail);
    expect(expired?.invitedByConnection).toBe(connection);
    expect(inviterLabel(expired as never)).toEqual({
      name: connection,
      note: "console connection",
      text: `Invited by ${connection} (console connection)`,
    });
  });
});
