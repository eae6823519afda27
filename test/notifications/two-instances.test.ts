// Two console instances on one PostgreSQL (TEST_DATABASE_URL), both building the same day's digest at the
// same moment and both working send jobs: each recipient gets exactly one e-mail and the webhook one call
// (the outbox's unique key and the send claim, lib/server/notifications/outbox.ts).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installDb, openDatabase } from "@/lib/server/db";
import { createConsoleUser } from "@/lib/server/console-users/create-console-user";
import { recordPending, transition } from "@/lib/server/ledger/repository";
import { spawnTs } from "../support/child";
import type { Child } from "../support/child";
import { TEST_DATABASE_URL, createPostgresDatabase, tempDataDir } from "../support/db";
import { startSmtp, startWebhookReceiver, until } from "../support/mail";
import { prepareTestAuth } from "../support/session";

const ORG = "5f1000000000000000000def";
const children: Child[] = [];
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of children) c.proc.kill("SIGKILL");
  await Promise.all(children.map((c) => c.exited));
  for (const f of cleanup.reverse()) await f();
});

describe.runIf(TEST_DATABASE_URL)("two instances on one PostgreSQL", { timeout: 180_000 }, () => {
  it("send exactly one e-mail per recipient and one webhook call for a day's digest", async () => {
    const smtp = await startSmtp();
    cleanup.push(() => smtp.close());
    const hook = await startWebhookReceiver();
    cleanup.push(() => hook.close());
    const fresh = await createPostgresDatabase(TEST_DATABASE_URL!, { migrated: true });
    cleanup.push(() => fresh.drop());
    prepareTestAuth();
    const handle = await openDatabase({ url: fresh.url });
    cleanup.push(() => handle.close());
    installDb(handle);
    cleanup.push(async () => installDb(null));

    const people: string[] = [];
    for (const [i, role] of (["admin", "admin", "inviter"] as const).entries()) {
      const { user } = await createConsoleUser({
        email: `two-${i}@notify.test`,
        role,
        password: `pw-two-${i}-0123456789`,
      });
      people.push(user.email);
      for (let k = 0; k < 3; k++) {
        const row = await recordPending(
          handle.db,
          {
            connectionId: "env",
            orgId: ORG,
            email: `p-${i}-${k}@people.test`,
            source: "users",
            grants: { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
            expiresAt: new Date(Date.now() + (k + 1) * 24 * 3600_000),
          },
          { kind: "created", createdBy: { userId: user.id, email: user.email } },
        );
        if (k === 0) await transition(handle.db, row, "accepted", { kind: "accepted" });
      }
    }

    const go = path.join(tempDataDir("notify-go-"), "go");
    const env = {
      DATABASE_URL: fresh.url,
      DATA_DIR: tempDataDir("notify-child-"),
      SMTP_URL: `smtp://notify:s3cret-pass@127.0.0.1:${smtp.port}`,
      NOTIFY_FROM: "console@notify.test",
      NOTIFY_WEBHOOK_URL: hook.url,
      NOTIFY_WEBHOOK_SECRET: "whsec-two-instances-0123456789",
      NOTIFY_DIGEST_CRON: "off",
      NOTIFY_RETRY_SECONDS: "1",
    };
    for (let k = 0; k < 2; k++) {
      children.push(spawnTs("test/support/notify-child.ts", ["2026-12-05", go], env));
    }
    await Promise.all(children.map((c) => c.waitFor("ready", 90_000)));
    writeFileSync(go, "go");
    await Promise.all(children.map((c) => c.waitFor("built", 60_000)));

    await until(
      "an e-mail for each recipient",
      () => people.every((p) => smtp.mails.some((m) => m.to.includes(p))),
      60_000,
    );
    await until("the webhook", () => hook.hooks.length > 0);
    // Time for any duplicate to arrive.
    await new Promise((r) => setTimeout(r, 5_000));
    for (const p of people)
      expect(
        smtp.mails.filter((m) => m.to.includes(p)),
        p,
      ).toHaveLength(1);
    expect(smtp.mails).toHaveLength(3);
    expect(hook.hooks).toHaveLength(1);
  });
});
