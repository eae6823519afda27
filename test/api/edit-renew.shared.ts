// Shared set-up of the edit and renew route tests (test/api/edit-renew-*.test.ts): the console's route
// handlers against a real simulator, on PGlite, or on a fresh PostgreSQL database when TEST_DATABASE_URL is set.
import * as itemRoute from "@/app/api/orgs/[orgId]/invitations/[invitationId]/route";
import * as renewRoute from "@/app/api/orgs/[orgId]/invitations/[invitationId]/renew/route";
import * as renewalsRoute from "@/app/api/orgs/[orgId]/invitations/renewals/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import { closeDb, getDb } from "@/lib/server/db";
import { auditRows } from "@/lib/server/db/schema";
import { personHistory } from "@/lib/server/ledger/repository";
import { demoSeed } from "@/sim/src/demo-seed";
import type { Seed } from "@/sim/src/seed-types";
import type { TestSim } from "@/sim/test/support/sim";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { TEST_DATABASE_URL, createPostgresDatabase } from "../support/db";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

export const ORG = DEMO.orgId;
export const BASE = `/api/orgs/${ORG}/invitations`;
export const T1 = "5f2000000000000000000001";
export const T2 = "5f2000000000000000000002";
export const P1 = "5f3000000000000000000001";
export const P2 = "5f3000000000000000000002";
export const DAY_MS = 24 * 3600_000;

export const DB_NAME = TEST_DATABASE_URL ? "postgres" : "pglite";

/** A team deleted from Demo Org after someone was invited to it (the simulator has no team deletion). */
export const GHOST_TEAM = "5f20000000000000000000ff";
/** A pending person of Demo Org invited to GHOST_TEAM: users-API id, legacy invitation id, address. */
export const GHOST = {
  userId: "5f5a00000000000000000001",
  invitationId: "5f5b00000000000000000001",
  email: "ghost.team@edit-renew.example",
};

/** The demo seed plus GHOST. */
function seedWithGhost(): Seed {
  const seed = demoSeed(Date.now());
  seed.orgs![0]!.users!.push({
    id: GHOST.userId,
    invitationId: GHOST.invitationId,
    username: GHOST.email,
    orgMembershipStatus: "PENDING",
    orgRoles: ["ORG_MEMBER"],
    teamIds: [T1, GHOST_TEAM],
    inviterUsername: "owner@demo-corp.example",
    invitationCreatedAt: new Date(Date.now() - DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z"),
  });
  return seed;
}

/** The simulator and the console's database; PostgreSQL when TEST_DATABASE_URL is set. */
export async function startConsole(
  invitesApi: "users" | "invitations",
): Promise<{ sim: TestSim; close(): Promise<void> }> {
  let drop: (() => Promise<void>) | null = null;
  if (TEST_DATABASE_URL) {
    const pg = await createPostgresDatabase(TEST_DATABASE_URL, { migrated: true });
    process.env.DATABASE_URL = pg.url;
    drop = pg.drop;
  }
  const sim = await consoleAgainstSimulator({ invitesApi, seed: seedWithGhost() });
  return {
    sim,
    async close() {
      await sim.close();
      if (drop) {
        await closeDb();
        await drop();
      }
    },
  };
}

/**
 * For this file: startConsole(invitesApi) with an admin and an inviter signed in (their headers), closed after
 * the file. Every test starts as the admin, with no simulator fault left by an earlier one. The objects returned
 * are filled in by beforeAll.
 */
export function useConsole(invitesApi: "users" | "invitations"): {
  sim: TestSim;
  admin: Record<string, string>;
  inviter: Record<string, string>;
} {
  const sim = {} as TestSim;
  const admin: Record<string, string> = {};
  const inviter: Record<string, string> = {};
  let close = async () => {};
  beforeAll(async () => {
    const started = await startConsole(invitesApi);
    Object.assign(sim, started.sim);
    close = () => started.close();
    Object.assign(admin, await signedInRequest("admin"));
    Object.assign(inviter, await signedInRequest("inviter"));
  });
  afterAll(() => close());
  beforeEach(async () => {
    await sim.control("DELETE", "/__sim/faults");
    useDefaultHeaders(admin);
  });
  return { sim, admin, inviter };
}

/** What most invitations of these tests grant: Organization Member, team T1, read-only on project P1. */
export const GRANTS = {
  orgRoles: ["ORG_MEMBER"],
  teamIds: [T1],
  projectRoles: [{ projectId: P1, roles: ["GROUP_READ_ONLY"] }],
};

let invited = 0;
/** A new pending invitation with GRANTS (or other org roles); the simulator's journal is emptied after it. */
export async function pending(sim: TestSim, tag: string, orgRoles = GRANTS.orgRoles) {
  const email = `${tag}-${++invited}-${DB_NAME}@edit-renew.example`;
  const res = await invite({ emails: email, ...GRANTS, orgRoles });
  expect(res.status, res.text).toBe(201);
  await sim.control("DELETE", "/__sim/requests");
  return { email, id: res.body.results[0].invitation.id as string };
}

/** Atlas refuses the next `times` creates on `path` (400 INVALID_EMAIL_ADDRESS), as it may refuse a renew's. */
export const refuseCreates = (sim: TestSim, path: string, times: number) =>
  sim.control("POST", "/__sim/faults", {
    method: "POST",
    path,
    status: 400,
    errorCode: "INVALID_EMAIL_ADDRESS",
    times,
  });

export const invite = (body: unknown) =>
  call(invitationsRoute.POST, "POST", BASE, { params: { orgId: ORG }, body });
export const edit = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  call(itemRoute.PATCH, "PATCH", `${BASE}/${id}`, {
    params: { orgId: ORG, invitationId: id },
    body,
    headers,
  });
export const renew = (id: string, source: string) =>
  call(renewRoute.POST, "POST", `${BASE}/${id}/renew`, {
    params: { orgId: ORG, invitationId: id },
    body: { source },
  });
export const renewals = () => call(renewalsRoute.GET, "GET", `${BASE}/renewals`, { params: { orgId: ORG } });

export async function atlasCalls(sim: TestSim) {
  return (await sim.journal())
    .filter((e) => e.path.startsWith("/api/atlas/"))
    .map((e) => ({ method: e.method, path: e.path, body: e.body, status: e.status }));
}

export const history = async (email: string) => personHistory(await getDb(), ORG, email);
export const auditRow = async (id: string) =>
  (await (await getDb()).select().from(auditRows).where(eq(auditRows.id, id)))[0];
/** The audit rows of one action about one address, oldest first. */
export const auditTrail = async (email: string, action: string) =>
  (await (await getDb()).select().from(auditRows).where(eq(auditRows.targetEmail, email)))
    .filter((r) => r.action === action)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
export const simNow = async (sim: TestSim) =>
  Date.parse((await sim.control<{ now: string }>("GET", "/__sim/clock")).body.now);
