// docs/security.md T23, with real processes on each test database: a console killed (-9) while Atlas is still
// working on its invite, restarted at once. The start-up reconciler reads Atlas before Atlas has finished; the
// row must stay pending (not "failure") until Atlas shows the invitation, then end as "success" by the job
// (lib/server/jobs/audit-reconcile.ts; on PostgreSQL the job alone reconciles), and a replay of the crashed
// submit's Idempotency-Key answers with the invitation, as the original success would have.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEMO } from "@/sim/test/support/sim";
import { spawnTs } from "../support/child";
import { useCrashProcesses } from "../support/crash-processes";

const ORG = DEMO.orgId;
const USERS = `/api/atlas/v2/orgs/${ORG}/users`;
/** Atlas answers the create this late; the console's own timeout is longer (the call is still "in time"). */
const ATLAS_DELAY_MS = 30_000;

const kit = useCrashProcesses("crash-");

describe.each(kit.stores)("T23 on $name", { timeout: 240_000 }, ({ name, database }) => {
  it("kill -9 mid-invite to a slow Atlas, restart at once: pending until Atlas shows it, then success; the key replays it", async () => {
    const email = `t23-${name}@crash.example`;
    const key = `t23_key_${name}_${randomBytes(4).toString("hex")}`;
    const sim = kit.sim();
    const env = kit.env(await database(), { ATLAS_TIMEOUT_MS: "40000" });
    await sim.control("POST", "/__sim/faults", { method: "POST", path: USERS, delayMs: ATLAS_DELAY_MS });
    const creates = async () =>
      (await sim.journal({ method: "POST", path: USERS })).filter(
        (e) => (e.body as { username?: string }).username === email,
      );

    const first = spawnTs("test/support/crash-child.ts", ["invite", email, key], env);
    kit.track(first);
    await expect.poll(async () => (await creates()).length, { timeout: 90_000, interval: 100 }).toBe(1);
    first.proc.kill("SIGKILL");
    await first.exited;

    const second = spawnTs("test/support/crash-child.ts", ["watch", email, key], env);
    kit.track(second);
    await second.waitFor("started", 90_000);
    // The start-up reconciler ran while Atlas was still working on the create (else this proves nothing).
    expect((await creates())[0]?.status, "Atlas answered before the restart finished").toBeNull();

    await second.waitFor(/^replay /m, 120_000);
    const outcomes = [...second.stdout().matchAll(/^outcome (\w+)$/gm)].map((m) => m[1]);
    expect(outcomes).toEqual(["pending", "success"]);

    const [created] = await creates();
    expect(created?.status).toBe(201);
    const inAtlas = await sim.api("GET", `${USERS}?username=${encodeURIComponent(email)}`, {
      accept: "application/vnd.atlas.2025-02-19+json",
    });
    const atlasId = (inAtlas.body as { results: { id: string }[] }).results[0]?.id;
    expect(atlasId).toMatch(/^[a-f0-9]{24}$/);
    const replay = JSON.parse(second.stdout().match(/^replay (.*)$/m)![1]!) as {
      outcome: string;
      invitation?: { id: string };
    }[];
    expect(replay).toEqual([
      expect.objectContaining({ outcome: "invited", invitation: expect.objectContaining({ id: atlasId }) }),
    ]);
    expect(await creates()).toHaveLength(1);
  });
});
