// A 1,000-user SCIM burst against the built console: POST /scim/v2/Users with a provisioning token, 32 in
// flight as an IdP's provisioning engine sends them, a 429 retried after its Retry-After. The org's invitation
// bucket (org users, ATLAS_INVITES_API=users) is 100 per minute. Figures: SCIM answer p50/p99 (goal: p99 ≤ 1 s,
// a 429 counts as an answer), 429s, and the time from the bucket's first call to the last invitation created
// against the bucket's lower bound (goal ≤ 1.15×), duplicates in Atlas (goal 0).
//   node --conditions=react-server --import tsx bench/scim.ts   (after `npx next build`)
//   BENCH_SCIM_USERS (default 1000), BENCH_SCIM_IN_FLIGHT (default 32), BENCH_REFILL_SECONDS (default 60),
//   BENCH_DB=pglite|postgres, TEST_DATABASE_URL for PostgreSQL, E2E_PORT_BASE for the ports.
import os from "node:os";
import { performance } from "node:perf_hooks";
import { bucketFigures, inviteBucket, watchJournal } from "./atlas-bucket";
import type { BucketFigures } from "./atlas-bucket";
import { quantile } from "./load";
import { ORG_ID, rssMb, runStandalone, signIn, withStack } from "./stack";
import type { DbKind } from "./stack";

export interface ScimBenchFigures extends BucketFigures {
  db: DbKind;
  users: number;
  inFlight: number;
  bucket: { capacity: number; refillRate: number; refillDurationSeconds: number };
  /** Every SCIM answer (201s and 429s), ms: goal p99 ≤ 1,000. */
  answerMs: { p50: number; p99: number; max: number; requests: number };
  /** The slowest answers: when each was sent (ms after the first POST), its time and status. */
  slowest: { atMs: number; ms: number; status: number }[];
  /** 429 answers the console sent (each retried after its Retry-After), and answers neither 201 nor 429. */
  scim429: number;
  otherStatuses: Record<string, number>;
  /** From the first POST to the last 201, s. */
  acceptedSeconds: number;
  /** From the first POST until every user is an invitation in Atlas (the journal's last create), s. */
  allInAtlasSeconds: number;
  missingInAtlas: number;
  journalOverflowed: boolean;
  consoleRssMb: number;
  loadavg: number[];
}

const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} scim: ${s}\n`);

const newUser = (userName: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName,
  name: { givenName: "Bench", familyName: "User" },
  emails: [{ value: userName, type: "work", primary: true }],
  active: true,
});

/** One burst of `users` new people on `kind`, the simulator and the console started and stopped here. */
export async function benchScim(
  kind: DbKind,
  users = Number(process.env.BENCH_SCIM_USERS ?? 1000),
  inFlight = Number(process.env.BENCH_SCIM_IN_FLIGHT ?? 32),
): Promise<ScimBenchFigures> {
  const bucket = inviteBucket();
  return withStack(kind, { rateLimits: { orgUsers: bucket } }, async ({ sim, con }) => {
    const cookie = await signIn(con.url);
    const tokenRes = await fetch(`${con.url}/api/orgs/${ORG_ID}/provisioning/tokens`, {
      method: "POST",
      headers: { cookie, Origin: con.url, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "bench-idp" }),
    });
    if (tokenRes.status !== 201) throw new Error(`token: ${tokenRes.status} ${await tokenRes.text()}`);
    const { secret } = (await tokenRes.json()) as { secret: string };
    const stamp = Date.now().toString(36);
    const emails = Array.from({ length: users }, (_, i) => `scim-${stamp}-${i}@example.com`);

    await fetch(`${sim.url}/__sim/reset`, { method: "POST" });
    const journal = watchJournal(sim.url);
    log(`${kind}: ${users} users, ${inFlight} in flight`);
    /** Each answer's start (ms after the first POST), time and status: the quantiles and where the slowest fall. */
    const answers: { at: number; ms: number; status: number }[] = [];
    const other: Record<string, number> = {};
    let limited = 0;
    let next = 0;
    let lastCreated = 0;
    const t0 = performance.now();
    const lane = async () => {
      while (next < emails.length) {
        const email = emails[next++]!;
        for (;;) {
          const s = performance.now();
          const res = await fetch(`${con.url}/scim/v2/Users`, {
            method: "POST",
            headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/scim+json" },
            body: JSON.stringify(newUser(email)),
          });
          await res.text();
          answers.push({ at: s - t0, ms: performance.now() - s, status: res.status });
          if (res.status === 201) {
            lastCreated = performance.now();
            break;
          }
          if (res.status === 429) {
            limited++;
            const after = Number(res.headers.get("retry-after") ?? 1);
            await new Promise((r) => setTimeout(r, Math.max(1, after) * 1000));
            continue;
          }
          other[res.status] = (other[res.status] ?? 0) + 1;
          break;
        }
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
    const acceptedSeconds = (lastCreated - t0) / 1000;
    log(`${kind}: every user answered in ${acceptedSeconds.toFixed(1)} s; waiting for Atlas`);

    // Until every user is an invitation in Atlas (or nothing new for 3 bucket steps: something is stuck).
    let seen = 0;
    let lastProgress = performance.now();
    const stuckMs = 3 * bucket.refillDurationSeconds * 1000 + 30_000;
    for (;;) {
      await journal.poll();
      const f = bucketFigures(journal.entries, emails, bucket);
      if (f.missing === 0) break;
      if (f.creates !== seen) {
        if (Math.floor(f.creates / 100) !== Math.floor(seen / 100)) {
          log(
            `${kind}: ${f.creates}/${users} in Atlas after ${((performance.now() - t0) / 1000).toFixed(0)} s`,
          );
        }
        seen = f.creates;
        lastProgress = performance.now();
      }
      if (performance.now() - lastProgress > stuckMs) {
        log(`${kind}: no new invitation for ${stuckMs / 1000} s, ${f.missing} missing: giving up`);
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    const allInAtlasSeconds = (performance.now() - t0) / 1000;
    const consoleRssMb = rssMb(con.proc.pid!);
    await journal.stop();
    const { missing, ...rest } = bucketFigures(journal.entries, emails, bucket);
    const sorted = answers.map((a) => a.ms).sort((a, b) => a - b);
    return {
      db: kind,
      users,
      inFlight,
      bucket,
      answerMs: {
        p50: quantile(sorted, 0.5),
        p99: quantile(sorted, 0.99),
        max: sorted.at(-1) ?? NaN,
        requests: sorted.length,
      },
      slowest: answers
        .toSorted((a, b) => b.ms - a.ms)
        .slice(0, 12)
        .map((a) => ({ atMs: Math.round(a.at), ms: Math.round(a.ms), status: a.status })),
      scim429: limited,
      otherStatuses: other,
      acceptedSeconds,
      allInAtlasSeconds,
      missingInAtlas: missing,
      journalOverflowed: journal.overflowed(),
      consoleRssMb,
      loadavg: os.loadavg().map((n) => +n.toFixed(2)),
      ...rest,
    };
  });
}

/** One line per figure, with its goal. */
export function formatScim(f: ScimBenchFigures): string {
  return [
    `SCIM burst on ${f.db}: ${f.users} users, ${f.inFlight} in flight, bucket ${f.bucket.capacity} + ${f.bucket.refillRate} per ${f.bucket.refillDurationSeconds} s (load ${f.loadavg.join(" ")})`,
    `  SCIM answers              p50 ${f.answerMs.p50.toFixed(0)} ms, p99 ${f.answerMs.p99.toFixed(0)} ms (goal ≤ 1,000), max ${f.answerMs.max.toFixed(0)} ms over ${f.answerMs.requests} requests`,
    `  slowest answers           ${f.slowest.map((a) => `${a.ms} ms (${a.status}) sent at ${(a.atMs / 1000).toFixed(1)} s`).join(", ")}`,
    `  429s (Retry-After kept)   ${f.scim429}; other statuses ${JSON.stringify(f.otherStatuses)} (goal none)`,
    `  every user accepted in    ${f.acceptedSeconds.toFixed(1)} s`,
    `  first call → last create  ${f.spanSeconds.toFixed(0)} s vs bound ${f.boundSeconds} s for ${f.chargedCalls} charged calls = ${f.ratio.toFixed(3)}× (goal ≤ 1.15×)`,
    `    vs the creates alone     bound ${f.createsBoundSeconds} s for ${f.creates} creates = ${f.createsRatio.toFixed(3)}×`,
    `  burst → all in Atlas      ${f.allInAtlasSeconds.toFixed(0)} s`,
    `  creates ${f.creates}, duplicates ${f.duplicateCreates} (goal 0), missing in Atlas ${f.missingInAtlas} (goal 0), Atlas 429s ${f.atlas429}`,
    `  console RSS at the end ${f.consoleRssMb.toFixed(0)} MB${f.journalOverflowed ? "; JOURNAL OVERFLOWED (figures incomplete)" : ""}`,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone(benchScim, formatScim);
