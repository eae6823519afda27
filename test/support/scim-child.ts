// A console process for the SCIM crash tests (run with `node --conditions=react-server --import tsx`), with the
// environment it was given (DATA_DIR or DATABASE_URL, ATLAS_*), through lib/server/startup.ts start() — so the
// job layer, its provisioning sweep and the provisioning worker run as in the console:
//   push <n> <prefix>   create a provisioning token, POST n users <prefix>-<i>@example.com to its SCIM endpoint
//                       (8 at a time, 429s retried after Retry-After), print "posted <n>", then watch
//   watch               only start (the sweep takes the org's unsent changes up)
// Both then print "left <n>" each time the number of users not yet settled changes, "lease <owner>" each time
// the org's worker lease changes hands, and "finished <states as JSON>" once every user is settled (and exit).
import { and, eq, isNotNull, or, sql } from "drizzle-orm";
import * as scimRoute from "@/app/scim/v2/[[...path]]/route";
import { getDb } from "@/lib/server/db";
import { provisioningOrgs, scimUsers } from "@/lib/server/db/schema";
import { createProvisioningToken } from "@/lib/server/provisioning/tokens";
import { start } from "@/lib/server/startup";

const ORG = process.env.CRASH_ORG_ID ?? "";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(token: string, email: string): Promise<void> {
  for (;;) {
    const req = new Request("http://127.0.0.1:3999/scim/v2/Users", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
      body: JSON.stringify({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: email,
        name: { givenName: "Crash", familyName: "Test" },
        emails: [{ value: email, type: "work", primary: true }],
        active: true,
      }),
    });
    const res = await scimRoute.POST(req, { params: Promise.resolve({ path: ["Users"] }) });
    const text = await res.text();
    if (res.status === 201) return;
    if (res.status !== 429) throw new Error(`SCIM POST ${email}: ${res.status} ${text}`);
    await sleep(Number(res.headers.get("retry-after") ?? "1") * 1000);
  }
}

async function push(n: number, prefix: string): Promise<void> {
  const { secret } = await createProvisioningToken({
    orgId: ORG,
    name: "crash-idp",
    actor: { userId: null, email: "crash@scim.test", ip: null, userAgent: "scim-child" },
  });
  let next = 0;
  const lane = async () => {
    while (next < n) await post(secret, `${prefix}-${next++}@example.com`);
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  console.log(`posted ${n}`);
}

async function watch(): Promise<void> {
  const db = await getDb();
  let left = -1;
  let owner: string | null = null;
  for (;;) {
    const [lease] = await db
      .select({ owner: provisioningOrgs.leaseOwner })
      .from(provisioningOrgs)
      .where(eq(provisioningOrgs.orgId, ORG));
    if (lease?.owner && lease.owner !== owner) console.log(`lease ${lease.owner}`);
    owner = lease?.owner ?? owner;
    const states = await db
      .select({
        state: scimUsers.atlasState,
        unsettled: sql<number>`count(*) filter (where ${or(isNotNull(scimUsers.dirtyAt), isNotNull(scimUsers.sendingAt))})::int`,
        n: sql<number>`count(*)::int`,
      })
      .from(scimUsers)
      .where(and(eq(scimUsers.orgId, ORG)))
      .groupBy(scimUsers.atlasState);
    const now = states.reduce((a, s) => a + s.unsettled, 0);
    if (now !== left) console.log(`left ${now}`);
    left = now;
    if (states.length > 0 && now === 0) {
      console.log(`finished ${JSON.stringify(Object.fromEntries(states.map((s) => [s.state, s.n])))}`);
      return;
    }
    await sleep(100);
  }
}

async function main([mode, n, prefix]: string[]): Promise<void> {
  if (!ORG) throw new Error("usage: scim-child <push <n> <prefix>|watch> (CRASH_ORG_ID)");
  await start();
  if (mode === "push") await push(Number(n), prefix ?? "scim-crash");
  else if (mode !== "watch") throw new Error(`unknown mode ${mode}`);
  await watch();
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
