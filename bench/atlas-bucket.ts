// The Atlas side of bench/bulk.ts and bench/scim.ts: the org-users bucket the simulator is seeded with, its
// lower bound for N calls, and the simulator's journal read as it grows (it keeps only the last 10,000 calls,
// so it is read every second from the last sequence number seen, not once at the end).
import type { RateLimitSetting } from "../sim/src/seed-types";
import { ORG_ID } from "./stack";

/** The invitation endpoint (ATLAS_INVITES_API=users: POST /orgs/{orgId}/users), and every call in its set. */
export const USERS_PATH = `/api/atlas/v2/orgs/${ORG_ID}/users`;

/** "100 per minute": capacity 100, refilled by 100 every 60 s (BENCH_REFILL_SECONDS shortens the minute). */
export function inviteBucket(): Required<RateLimitSetting> {
  return {
    capacity: 100,
    refillRate: 100,
    refillDurationSeconds: Number(process.env.BENCH_REFILL_SECONDS ?? 60),
  };
}

/**
 * The earliest the n-th call of a bucket can be answered, counted from its first call: the bucket starts full
 * (capacity calls at once), then refills `refillRate` tokens in whole steps of `refillDurationSeconds`
 * (sim/src/ratelimit.ts). 500 calls at 100 per minute: ceil(400 / 100) × 60 = 240 s.
 */
export function bucketBoundSeconds(n: number, b: Required<RateLimitSetting>): number {
  return Math.ceil(Math.max(0, n - b.capacity) / b.refillRate) * b.refillDurationSeconds;
}

export interface JournalEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  status: number | null;
  body: unknown;
}

/** Polls the simulator's journal every `everyMs` and keeps the calls of the org-users set. */
export function watchJournal(simUrl: string, everyMs = 1000) {
  const entries: JournalEntry[] = [];
  let since = 0;
  let stopped = false;
  let overflow = false;
  let inFlight: Promise<void> | null = null;
  // One read at a time (the loop's and a caller's), each entry kept once.
  const poll = async () => {
    while (inFlight) await inFlight;
    inFlight = read();
    try {
      await inFlight;
    } finally {
      inFlight = null;
    }
  };
  const read = async () => {
    const got = (await (await fetch(`${simUrl}/__sim/requests?since=${since}`)).json()) as JournalEntry[];
    // The journal keeps 10,000 calls: a gap in the sequence means calls were dropped before this read.
    if (got.length > 0 && since > 0 && got[0]!.seq > since + 1) overflow = true;
    for (const e of got) {
      if (e.seq <= since) continue;
      since = e.seq;
      if (e.path.startsWith(USERS_PATH)) entries.push(e);
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await poll();
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    entries,
    poll,
    overflowed: () => overflow,
    async stop() {
      stopped = true;
      await loop;
      await poll();
    },
  };
}

export interface BucketFigures {
  /** Invitations Atlas created (201 answers to POST …/users). */
  creates: number;
  /** Usernames with more than one create (goal 0), and the creates beyond the first. */
  duplicateUsernames: number;
  duplicateCreates: number;
  /** Calls of the org-users set the bucket charged (every answer but a 429), creates and reads alike. */
  chargedCalls: number;
  /** 429 answers Atlas (the simulator) sent to the console. */
  atlas429: number;
  /** From the bucket's first call to the last create (the simulator's clock), s. */
  spanSeconds: number;
  /** The bucket's lower bound for chargedCalls, s (bucketBoundSeconds). */
  boundSeconds: number;
  /** spanSeconds / boundSeconds (goal ≤ 1.15). */
  ratio: number;
  /** The bound for the creates alone (as if the console read nothing from the bucket), and span / it. */
  createsBoundSeconds: number;
  createsRatio: number;
}

/** What the journal says of the bucket since the simulator was reset (the bucket then starts full). */
export function bucketFigures(
  entries: JournalEntry[],
  usernames: string[],
  b: Required<RateLimitSetting>,
): BucketFigures & { missing: number } {
  const creates = entries.filter((e) => e.method === "POST" && e.path === USERS_PATH && e.status === 201);
  const perUser = new Map<string, number>();
  for (const c of creates) {
    const u = String((c.body as { username?: string }).username ?? "").toLowerCase();
    perUser.set(u, (perUser.get(u) ?? 0) + 1);
  }
  const dupes = [...perUser.values()].filter((n) => n > 1);
  const charged = entries.filter((e) => e.status !== 429 && e.status !== null);
  const first = Math.min(...charged.map((e) => Date.parse(e.time)));
  const last = Math.max(...creates.map((e) => Date.parse(e.time)));
  const boundSeconds = bucketBoundSeconds(charged.length, b);
  const spanSeconds = creates.length > 0 ? (last - first) / 1000 : NaN;
  const createsBoundSeconds = bucketBoundSeconds(creates.length, b);
  return {
    creates: creates.length,
    duplicateUsernames: dupes.length,
    duplicateCreates: dupes.reduce((s, n) => s + n - 1, 0),
    chargedCalls: charged.length,
    atlas429: entries.filter((e) => e.status === 429).length,
    spanSeconds,
    boundSeconds,
    ratio: boundSeconds > 0 ? spanSeconds / boundSeconds : NaN,
    createsBoundSeconds,
    createsRatio: createsBoundSeconds > 0 ? spanSeconds / createsBoundSeconds : NaN,
    missing: usernames.filter((u) => !perUser.has(u.toLowerCase())).length,
  };
}
