// A notification whose sender was killed mid-delivery (docs/notifications.md, "Sent once, across instances"):
// its row stays "sending" with the dead sender's claim. Once the claim is older than the lease it is taken
// again, by an admin's Retry (which answered 409 before) and by the notify-sweep job; a fresh claim is still
// left alone. On PGlite always and on PostgreSQL with TEST_DATABASE_URL, against a real SMTP server.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as retryRoute } from "@/app/api/notifications/[id]/retry/route";
import type { Db } from "@/lib/server/db";
import { notificationOutbox } from "@/lib/server/db/schema";
import { sendJob } from "@/lib/server/jobs";
import { SEND_LEASE_MS, addToOutbox } from "@/lib/server/notifications/outbox";
import { testDatabases } from "../support/db";
import { until } from "../support/mail";
import { useDatabasePerTest, useNotifyTransports } from "../support/notify";
import { call, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const { smtp } = useNotifyTransports({
  env: { NOTIFY_RETRY_SECONDS: "1", NOTIFY_TIMEOUT_MS: "3000", CONSOLE_URL: "http://127.0.0.1:3999" },
});
const install = useDatabasePerTest();

/** The row a sender leaves when it is killed after its claim: "sending", claimed `agoMs` ago. */
async function claimedBySender(db: Db, recipient: string, agoMs: number): Promise<string> {
  const id = await addToOutbox(db, {
    key: `test:${recipient}`,
    kind: "digest",
    channel: "email",
    recipient,
    subject: `Digest for ${recipient}`,
    bodyText: `Hello ${recipient}`,
  });
  await db
    .update(notificationOutbox)
    .set({ status: "sending", attempts: 1, claimedAt: sql`now() - make_interval(secs => ${agoMs / 1000})` })
    .where(eq(notificationOutbox.id, id!));
  return id!;
}

const statusOf = async (db: Db, id: string) =>
  (await db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id)))[0]?.status;
const mailsTo = (addr: string) => smtp.mails.filter((m) => m.to.includes(addr));

describe.each(testDatabases())("stale send claims on $name", ({ name, open }) => {
  it("Retry takes a claim past its lease (202, sent once) and refuses a fresh one (409)", async () => {
    const handle = await install(open, { jobs: true });
    useDefaultHeaders(await signedInRequest("admin", { email: `stale-admin-${name}@notify.test` }));
    const dead = await claimedBySender(handle.db, `dead-${name}@people.test`, SEND_LEASE_MS + 60_000);
    const live = await claimedBySender(handle.db, `live-${name}@people.test`, 1_000);

    const fresh = await call(retryRoute, "POST", `/api/notifications/${live}/retry`, {
      params: { id: live },
    });
    expect(fresh.status).toBe(409);
    expect(fresh.body.error.message).toMatch(/being sent right now/);

    const retried = await call(retryRoute, "POST", `/api/notifications/${dead}/retry`, {
      params: { id: dead },
    });
    expect(retried.status).toBe(202);
    expect(retried.body.notification.status).toBe("queued");
    await until("the stale row to be sent", async () => (await statusOf(handle.db, dead)) === "sent", 60_000);
    expect(mailsTo(`dead-${name}@people.test`)).toHaveLength(1);
    expect(await statusOf(handle.db, live)).toBe("sending");
  });

  it("the sweep job sends rows whose sender died, and leaves fresh claims alone", async () => {
    const handle = await install(open, { jobs: true });
    const dead = await claimedBySender(handle.db, `swept-${name}@people.test`, SEND_LEASE_MS + 60_000);
    const live = await claimedBySender(handle.db, `running-${name}@people.test`, 1_000);
    await sendJob("notify-sweep", {});
    await until("the stale row to be sent", async () => (await statusOf(handle.db, dead)) === "sent", 60_000);
    expect(mailsTo(`swept-${name}@people.test`)).toHaveLength(1);
    expect(await statusOf(handle.db, live)).toBe("sending");
    expect(mailsTo(`running-${name}@people.test`)).toHaveLength(0);
  });
});
