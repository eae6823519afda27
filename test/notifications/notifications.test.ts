// Notifications (lib/server/notifications, docs/notifications.md) end to end on the job layer, against a
// real SMTP server in this process and a local webhook receiver: the digest's contents, nothing twice, the
// opt-out, the webhook signature, SMTP down → retried with back-off and visible to admins → sent once when
// it is back, and set-password links e-mailed. On PGlite always and on PostgreSQL with TEST_DATABASE_URL.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { GET as statusRoute } from "@/app/api/notifications/route";
import { POST as retryRoute } from "@/app/api/notifications/[id]/retry/route";
import { GET as prefsGet, PATCH as prefsPatch } from "@/app/api/account/notifications/route";
import { POST as usersPost } from "@/app/api/users/route";
import type { Db } from "@/lib/server/db";
import { auditRows, notificationOutbox } from "@/lib/server/db/schema";
import { createConsoleUser } from "@/lib/server/console-users/create-console-user";
import { sendJob } from "@/lib/server/jobs";
import { recordPending, transition } from "@/lib/server/ledger/repository";
import type { LedgerActor } from "@/lib/server/ledger/repository";
import { setPreferences } from "@/lib/server/notifications/preferences";
import { verifyWebhookSignature } from "@/lib/server/notifications/transports";
import { testDatabases } from "../support/db";
import { startSmtp, until } from "../support/mail";
import { useDatabasePerTest, useNotifyTransports } from "../support/notify";
import { call, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const SECRET = "whsec-test-0123456789abcdef";
const ORG = "5f1000000000000000000abc";
const { smtp, hook } = useNotifyTransports({
  webhookSecret: SECRET,
  env: {
    NOTIFY_RETRY_SECONDS: "1",
    NOTIFY_RETRY_LIMIT: "2",
    NOTIFY_TIMEOUT_MS: "3000",
    CONSOLE_URL: "http://127.0.0.1:3999",
  },
});
const install = useDatabasePerTest();

const GRANTS = { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] };
let n = 0;
const hex = () => (++n).toString(16).padStart(24, "0");
const days = (d: number) => new Date(Date.now() + d * 24 * 3600_000);

async function invite(db: Db, email: string, by: LedgerActor | null, expiresInDays: number) {
  return recordPending(
    db,
    {
      connectionId: "env",
      orgId: ORG,
      email,
      source: "users",
      grants: GRANTS,
      userId: hex(),
      expiresAt: days(expiresInDays),
    },
    { kind: by ? "created" : "discovered", ...(by ? { createdBy: by, actor: by } : {}) },
  );
}

async function settle(
  db: Db,
  email: string,
  by: LedgerActor | null,
  to: "accepted" | "expired" | "rejected",
) {
  const row = await invite(db, email, by, 20);
  expect(await transition(db, row, to, { kind: to })).toBe(true);
}

async function user(email: string, role: "admin" | "inviter" | "viewer"): Promise<LedgerActor> {
  const { user: u } = await createConsoleUser({ email, role, password: `pw-${email}-0123456789` });
  return { userId: u.id, email: u.email };
}

const mailsTo = (addr: string) => smtp.mails.filter((m) => m.to.includes(addr));

describe.each(testDatabases())("notifications on $name", { timeout: 120_000 }, (kind) => {
  const tag = kind.name;

  const setup = async () => (await install(kind.open, { jobs: true })).db;

  it("builds the digest on the job layer: expiring within 7 days, accepted / expired / rejected since the last one, to inviter and admins, never twice, opt-out respected", async () => {
    const db = await setup();
    const admin = await user(`admin-${tag}@notify.test`, "admin");
    const quiet = await user(`quiet-admin-${tag}@notify.test`, "admin");
    const inviter = await user(`inviter-${tag}@notify.test`, "inviter");
    await user(`viewer-${tag}@notify.test`, "viewer");
    await setPreferences({
      actor: { ...quiet, ip: null, userAgent: null, userId: quiet.userId! },
      prefs: { digest: false },
    });

    await invite(db, `soon-${tag}@people.test`, inviter, 3);
    await invite(db, `later-${tag}@people.test`, inviter, 20);
    await invite(db, `admins-soon-${tag}@people.test`, admin, 5);
    await settle(db, `accepted-${tag}@people.test`, inviter, "accepted");
    await settle(db, `expired-${tag}@people.test`, admin, "expired");
    await settle(db, `rejected-${tag}@people.test`, null, "rejected");
    const hooksBefore = hook.hooks.length;

    await sendJob("notify-digest", { day: "2026-12-01" });
    const toAdmin = await until("the admin's digest", () => mailsTo(admin.email!)[0]);
    const toInviter = await until("the inviter's digest", () => mailsTo(inviter.email!)[0]);
    const webhook = await until("the webhook", () => hook.hooks[hooksBefore]);

    expect(toAdmin.subject).toBe(
      `Invitations for ${ORG}: 2 expiring soon, 1 accepted, 1 expired, 1 rejected`,
    );
    expect(toAdmin.user).toBe("notify");
    const a = toAdmin.text;
    expect(a).toMatch(/Expiring within 7 days \(2\):\n {2}- soon-.*expires .*invited by inviter-/);
    expect(a).toContain(`admins-soon-${tag}@people.test`);
    expect(a).not.toContain(`later-${tag}@people.test`);
    expect(a).toContain(`Accepted since the last digest (1):\n  - accepted-${tag}@people.test`);
    expect(a).toContain(`Expired since the last digest (1):\n  - expired-${tag}@people.test`);
    expect(a).toContain(`Rejected since the last digest (1):\n  - rejected-${tag}@people.test`);
    expect(a).toContain("You receive this because you are a console admin.");
    expect(a).toContain(`http://127.0.0.1:3999/orgs/${ORG}/invitations`);
    // The inviter sees only the invitations they created.
    const i = toInviter.text;
    expect(i).toContain(`soon-${tag}@people.test`);
    expect(i).toContain(`accepted-${tag}@people.test`);
    expect(i).not.toContain(`admins-soon-${tag}`);
    expect(i).not.toContain(`expired-${tag}`);
    expect(i).not.toContain(`rejected-${tag}`);
    expect(toInviter.subject).toBe(`Invitations for ${ORG}: 1 expiring soon, 1 accepted`);

    // The webhook: Slack-compatible text plus fields, signed as docs/notifications.md says.
    const sig = webhook.headers["x-console-signature"] as string;
    expect(sig).toMatch(/^t=\d+,v1=[a-f0-9]{64}$/);
    const [, t, v1] = /^t=(\d+),v1=([a-f0-9]+)$/.exec(sig)!;
    expect(createHmac("sha256", SECRET).update(`${t}.${webhook.body}`).digest("hex")).toBe(v1);
    expect(verifyWebhookSignature(SECRET, sig, webhook.body)).toBe(true);
    expect(verifyWebhookSignature("a-wrong-secret-0123456789", sig, webhook.body)).toBe(false);
    expect(verifyWebhookSignature(SECRET, sig, webhook.body.replace("accepted", "accepteD"))).toBe(false);
    expect(verifyWebhookSignature(SECRET, sig, webhook.body, { nowSeconds: Number(t) + 3600 })).toBe(false);
    const payload = JSON.parse(webhook.body);
    expect(payload.text).toContain("*Invitations digest*");
    expect(payload.type).toBe("invitations.digest");
    expect(payload.expiring.map((x: { email: string }) => x.email).sort()).toEqual([
      `admins-soon-${tag}@people.test`,
      `soon-${tag}@people.test`,
    ]);
    expect(payload.accepted).toEqual([expect.objectContaining({ email: `accepted-${tag}@people.test` })]);

    // Nobody opted out or without a part in it got one.
    await until("every send job to finish", async () => {
      const rows = await db.select().from(notificationOutbox);
      return rows.length === 3 && rows.every((r) => r.status === "sent");
    });
    expect(mailsTo(quiet.email!)).toEqual([]);
    expect(mailsTo(`viewer-${tag}@notify.test`)).toEqual([]);

    // The same day again: nothing. The next day: only what happened since.
    await sendJob("notify-digest", { day: "2026-12-01" });
    await settle(db, `accepted-later-${tag}@people.test`, admin, "accepted");
    await new Promise((r) => setTimeout(r, 3000));
    expect(mailsTo(admin.email!)).toHaveLength(1);
    await sendJob("notify-digest", { day: "2026-12-02" });
    const second = await until("the second digest", () => mailsTo(admin.email!)[1]);
    expect(second.text).toContain(
      `Accepted since the last digest (1):\n  - accepted-later-${tag}@people.test`,
    );
    expect(second.text).not.toContain(`accepted-${tag}@people.test`);
    expect(second.text).not.toContain("Expired since");
    expect(second.text).not.toContain("Rejected since");
    // The inviter's own invitation still expires soon, so they get the reminder again, and nothing else.
    const inviterSecond = await until("the inviter's second digest", () => mailsTo(inviter.email!)[1]);
    expect(inviterSecond.subject).toBe(`Invitations for ${ORG}: 1 expiring soon`);
    await new Promise((r) => setTimeout(r, 3000));
    expect(mailsTo(admin.email!)).toHaveLength(2);
  });

  it("SMTP down: retried with back-off, visible to admins with the last error (no password), retried by an admin, sent once when SMTP is back", async () => {
    const db = await setup();
    const headers = await signedInRequest("admin", { email: `status-admin-${tag}@notify.test` });
    useDefaultHeaders(headers);
    const inviter = await user(`down-inviter-${tag}@notify.test`, "inviter");
    await settle(db, `down-accepted-${tag}@people.test`, inviter, "accepted");

    await smtp.close();
    try {
      await sendJob("notify-digest", { day: "2026-12-03" });
      // Retried (NOTIFY_RETRY_LIMIT=2 with back-off from 1 s), then given up: failed, with the reason.
      const failed = await until(
        "the inviter's digest to fail for good",
        async () => {
          const [row] = await db
            .select()
            .from(notificationOutbox)
            .where(eq(notificationOutbox.recipient, inviter.email!));
          return row?.status === "failed" ? row : null;
        },
        60_000,
      );
      expect(failed.attempts).toBe(3);
      expect(failed.lastError).toMatch(/E-mail not sent: .*ECONNREFUSED/);

      const status = await call(statusRoute, "GET", "/api/notifications");
      expect(status.status).toBe(200);
      expect(status.body.email).toEqual({
        configured: true,
        from: "Invite console <console@notify.test>",
        server: `smtp://127.0.0.1:${smtp.port}`,
      });
      expect(status.text).not.toContain("s3cret-pass");
      expect(status.text).not.toContain(SECRET);
      const shown = status.body.recent.find((r: { id: string }) => r.id === failed.id);
      expect(shown).toMatchObject({ status: "failed", attempts: 3, retryable: true });
      expect(shown.lastError).toContain("ECONNREFUSED");
      expect(status.body.counts.failed).toBeGreaterThanOrEqual(1);

      // Viewers and inviters do not see it.
      const viewer = await signedInRequest("viewer");
      expect((await call(statusRoute, "GET", "/api/notifications", { headers: viewer })).status).toBe(403);
      expect(
        (
          await call(retryRoute, "POST", "/api/notifications/x/retry", {
            headers: viewer,
            params: { id: failed.id },
          })
        ).status,
      ).toBe(403);
    } finally {
      Object.assign(smtp, await startSmtp(smtp.port));
    }
    const failedRows = await db
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.status, "failed"));
    for (const row of failedRows) {
      const res = await call(retryRoute, "POST", `/api/notifications/${row.id}/retry`, {
        params: { id: row.id },
      });
      expect(res.status).toBe(202);
      expect(res.body.notification.status).toBe("queued");
    }
    const mail = await until("the digest once SMTP is back", () => mailsTo(inviter.email!)[0]);
    expect(mail.text).toContain(`down-accepted-${tag}@people.test`);
    await until("the row to be sent", async () => {
      const [row] = await db
        .select()
        .from(notificationOutbox)
        .where(eq(notificationOutbox.recipient, inviter.email!));
      return row?.status === "sent";
    });
    // A second retry of a sent row is refused; it went out once.
    const again = await call(retryRoute, "POST", `/api/notifications/${failedRows[0]!.id}/retry`, {
      params: { id: failedRows[0]!.id },
    });
    expect(again.status).toBe(409);
    await new Promise((r) => setTimeout(r, 2000));
    expect(mailsTo(inviter.email!)).toHaveLength(1);
    const audits = await db.select().from(auditRows).where(eq(auditRows.action, "notification.retried"));
    expect(audits.filter((r) => r.outcome === "success")).toHaveLength(failedRows.length);
  });

  it("e-mails a new console user's set-password link when SMTP works, shows it with the reason when it does not; the opt-out is one's own, audited", async () => {
    await setup();
    useDefaultHeaders(await signedInRequest("admin", { email: `users-admin-${tag}@notify.test` }));
    const email = `new-user-${tag}@notify.test`;
    const res = await call(usersPost, "POST", "/api/users", { body: { email, role: "viewer" } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ emailed: true, emailError: null, setPasswordUrl: null });
    const mail = await until("the set-password e-mail", () => mailsTo(email)[0]);
    expect(mail.subject).toBe("Set your password for the invite console");
    expect(mail.text).toMatch(/http:\/\/127\.0\.0\.1:3999\/set-password\S*/);

    await smtp.close();
    let down;
    try {
      down = await call(usersPost, "POST", "/api/users", {
        body: { email: `second-${email}`, role: "viewer" },
      });
    } finally {
      Object.assign(smtp, await startSmtp(smtp.port));
    }
    expect(down.status).toBe(201);
    expect(down.body.emailed).toBe(false);
    expect(down.body.emailError).toMatch(/E-mail not sent: .*ECONNREFUSED/);
    expect(down.body.setPasswordUrl).toMatch(/\/set-password/);
    const db = (await import("@/lib/server/db")).getDb;
    const rows = await (
      await db()
    )
      .select()
      .from(auditRows)
      .where(eq(auditRows.action, "user.password_link_emailed"));
    expect(rows.map((r) => r.outcome).sort()).toEqual(["failure", "success"]);
    const outbox = await (await db()).select().from(notificationOutbox);
    expect(outbox.map((r) => [r.kind, r.status, r.bodyText]).sort()).toEqual([
      ["set_password", "failed", null],
      ["set_password", "sent", null],
    ]);

    // One's own digest choice.
    const me = await signedInRequest("inviter");
    expect((await call(prefsGet, "GET", "/api/account/notifications", { headers: me })).body).toEqual({
      preferences: { digest: true },
      emailConfigured: true,
    });
    const off = await call(prefsPatch, "PATCH", "/api/account/notifications", {
      headers: me,
      body: { digest: false },
    });
    expect(off.status).toBe(200);
    expect(off.body.preferences).toEqual({ digest: false });
    const bad = await call(prefsPatch, "PATCH", "/api/account/notifications", {
      headers: me,
      body: { digest: "no" },
    });
    expect(bad.status).toBe(400);
    const changed = await (
      await db()
    )
      .select()
      .from(auditRows)
      .where(eq(auditRows.action, "notification.preference_changed"));
    expect(changed.map((r) => r.detail)).toEqual(["daily digest off"]);
  });
});
