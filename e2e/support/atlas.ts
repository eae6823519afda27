// The simulator's control API, as the end-to-end tests use it (the simulator is started by playwright.config.ts).
import type { Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { SIM_URL } from "./ports";

export { SIM_URL };
export const ORG_ID = "5f1000000000000000000001";

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${SIM_URL}${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export const atlas = {
  /** Back to the demo seed; `{ seed: "demo+N" }` adds N generated pending invitations, `"orgs+N"` N orgs, for this reset. */
  reset: async (opts: { seed?: `demo+${number}` | `orgs+${number}` } = {}) => {
    await control("POST", "/__sim/reset", opts.seed ? { seed: opts.seed } : undefined);
    await control("DELETE", "/__sim/faults");
  },
  fault: (f: Record<string, unknown>) => control("POST", "/__sim/faults", f),
  /** Faults registered and not used up yet. */
  faults: () => control("GET", "/__sim/faults") as Promise<unknown[]>,
  clearFaults: () => control("DELETE", "/__sim/faults"),
  stats: () =>
    control("GET", "/__sim/stats") as Promise<{
      requests: number;
      faultsInjected: number;
      tokensIssued: number;
      rateLimited: number;
    }>,
  journal: (filter: Record<string, string> = {}) =>
    control("GET", `/__sim/requests?${new URLSearchParams(filter)}`) as Promise<any[]>,
  acceptUser: (userId: string) => control("POST", `/__sim/orgs/${ORG_ID}/users/${userId}/accept`),
  acceptInvitation: (invitationId: string) =>
    control("POST", `/__sim/orgs/${ORG_ID}/invites/${invitationId}/accept`),
  rejectUser: (userId: string) => control("POST", `/__sim/orgs/${ORG_ID}/users/${userId}/reject`),
  /** Moves the simulated clock forward (it never goes back; reset() starts it again). */
  advanceClock: (seconds: number) => control("POST", "/__sim/clock", { advanceSeconds: seconds }),
  /** Moves the simulated clock forward to `iso`. */
  moveClockTo: async (iso: string) => {
    const now = Date.parse((await control("GET", "/__sim/clock")).now);
    await control("POST", "/__sim/clock", { advanceSeconds: Math.ceil((Date.parse(iso) - now) / 1000) });
  },
  /** Empties the request journal (so that a test reads only the calls it caused). */
  clearJournal: () => control("DELETE", "/__sim/requests"),
};

export interface ListedInvitation {
  id: string;
  source: "users" | "invitations" | "project";
  email: string;
  orgRoles: string[];
  teamIds: string[];
  projectRoles: { projectId: string; roles: string[] }[];
}

/** What the console's own API lists (so tests pick real rows instead of hard-coding the seed's e-mails). */
export async function listed(page: Page): Promise<ListedInvitation[]> {
  const res = await page.request.get(`/api/orgs/${ORG_ID}/invitations`);
  expect(res.status()).toBe(200);
  return (await res.json()).invitations;
}

let counter = 0;
export const uniqueEmail = (tag: string) => `${tag}-${Date.now().toString(36)}-${++counter}@e2e.example`;
