// HTTP measurements of `npm run bench`: closed-loop load with N workers, sequential latency samples, and the
// "direct" baseline — the very Atlas calls one console list makes (read from the simulator's journal), sent
// straight to the simulator in parallel with the same token, so the console's cost is the difference.
import { performance } from "node:perf_hooks";
import { ORG_ID, SA } from "./stack";

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export type Call = () => Promise<void>;

/** `workers` loops calling `call` for `seconds`: answers per second and every latency (ms). */
export async function closedLoop(call: Call, workers: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        try {
          await call();
          latencies.push(performance.now() - s);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  return { perSecond: latencies.length / elapsed, latencies, errors };
}

/** `n` calls one after the other: latencies (ms). */
export async function sequential(call: Call, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await call();
    out.push(performance.now() - s);
  }
  return out;
}

/** GET that must answer 200; the body is read (and parsed, as a browser's fetcher would). */
export function getJson(url: string, headers: Record<string, string> = {}, expected = [200]): Call {
  return async () => {
    const res = await fetch(url, { headers });
    const text = await res.text();
    if (!expected.includes(res.status)) throw new Error(`${url}: ${res.status} ${text.slice(0, 200)}`);
    JSON.parse(text);
  };
}

export async function atlasToken(simUrl: string): Promise<string> {
  const res = await fetch(`${simUrl}/api/oauth/token`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${SA.clientId}:${SA.clientSecret}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

interface JournalEntry {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
}

/** The Atlas GETs behind one call of `consoleCall`, as the simulator journaled them. */
export async function atlasCallsOf(simUrl: string, consoleCall: Call): Promise<JournalEntry[]> {
  await fetch(`${simUrl}/__sim/requests`, { method: "DELETE" });
  await consoleCall();
  const entries = (await (await fetch(`${simUrl}/__sim/requests`)).json()) as JournalEntry[];
  return entries.filter((e) => e.method === "GET");
}

/** The same Atlas calls sent directly, all at once (the physical limit of the console's aggregation). */
export function directCall(simUrl: string, token: string, calls: JournalEntry[]): Call {
  const requests = calls.map((c) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(c.query)) for (const one of [v].flat()) q.append(k, one);
    const qs = q.toString();
    return {
      url: `${simUrl}${c.path}${qs ? `?${qs}` : ""}`,
      headers: { Authorization: `Bearer ${token}`, Accept: c.headers.accept ?? "application/json" },
    };
  });
  return async () => {
    await Promise.all(requests.map((r) => getJson(r.url, r.headers)()));
  };
}

/** The mixed load before the "RSS after load" reading: the console's main reads, round robin, `workers` at once. */
export async function mixedLoad(consoleUrl: string, cookie: string, seconds: number, workers: number) {
  const h = { cookie };
  const calls: Call[] = [
    getJson(`${consoleUrl}/api/orgs/${ORG_ID}/invitations`, h),
    getJson(`${consoleUrl}/api/orgs/${ORG_ID}/invitations`, h),
    getJson(`${consoleUrl}/api/orgs/${ORG_ID}/invitations`, h),
    getJson(`${consoleUrl}/api/orgs`, h),
    getJson(`${consoleUrl}/api/orgs/${ORG_ID}/teams`, h),
    getJson(`${consoleUrl}/api/orgs/${ORG_ID}/projects`, h),
    getJson(`${consoleUrl}/api/audit`, h),
  ];
  let i = 0;
  const res = await closedLoop(() => calls[i++ % calls.length]!(), workers, seconds);
  return { requests: res.latencies.length, errors: res.errors };
}
