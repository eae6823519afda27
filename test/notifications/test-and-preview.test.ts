// The Notifications page's tools (lib/server/notifications/test-send.ts, previewOrgDigest in digest.ts) through
// their routes, against a real SMTP server and webhook receiver in this process: a test e-mail reaches the
// admin's own address, a test webhook call is signed and Slack-escaped, one test per channel per minute, both
// audited; the digest preview is the very text the digest job then writes, and writes nothing itself.
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { POST as testRoute } from "@/app/api/notifications/test/route";
import { GET as previewRoute } from "@/app/api/orgs/[orgId]/notifications/digest-preview/route";
import { auditRows, notificationOutbox } from "@/lib/server/db/schema";
import { createConsoleUser } from "@/lib/server/console-users/create-console-user";
import { recordPending } from "@/lib/server/ledger/repository";
import { buildOrgDigest } from "@/lib/server/notifications/digest";
import { sendTestNotification } from "@/lib/server/notifications/test-send";
import { verifyWebhookSignature } from "@/lib/server/notifications/transports";
import { testDatabases } from "../support/db";
import { useDatabasePerTest, useNotifyTransports } from "../support/notify";
import { call, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const SECRET = "whsec-test-0123456789abcdef";
const ORG = "5f1000000000000000000def";
const { smtp, hook } = useNotifyTransports({ webhookSecret: SECRET, env: { NOTIFY_TIMEOUT_MS: "3000" } });
const install = useDatabasePerTest();

const sendTest = (body: unknown) => call(testRoute, "POST", "/api/notifications/test", { body });
const preview = (orgId: string) =>
  call(previewRoute, "GET", `/api/orgs/${orgId}/notifications/digest-preview`, { params: { orgId } });
const emailOfCookie = async (role: "admin" | "inviter" | "viewer", email: string) =>
  signedInRequest(role, { email });

describe.each(testDatabases())("notification tools on $name", { timeout: 120_000 }, (kind) => {
  const tag = kind.name;
  const setup = async () => (await install(kind.open)).db;

  it("a test e-mail goes to the admin's own address now; the outbox and the audit log say so", async () => {
    const db = await setup();
    const email = `tester-${tag}-${Date.now()}@notify.test`;
    useDefaultHeaders(await emailOfCookie("admin", email));
    const res = await sendTest({ channel: "email" });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ channel: "email", recipient: email, delivered: true });
    const mail = smtp.mails.find((m) => m.to.includes(email))!;
    expect(mail.subject).toBe("Test from the invite console");
    expect(mail.text).toContain(`sent by ${email}`);
    const [row] = await db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.kind, "test"), eq(notificationOutbox.recipient, email)));
    expect(row).toMatchObject({ status: "sent", attempts: 1, channel: "email" });
    const audits = await db.select().from(auditRows).where(eq(auditRows.action, "notification.test_sent"));
    expect(audits.find((a) => a.targetEmail === email)).toMatchObject({
      outcome: "success",
      userEmail: email,
    });
  });

  it("a test webhook call is signed with the secret and names the admin who sent it", async () => {
    await setup();
    const email = `hook-${tag}-${Date.now()}@notify.test`;
    useDefaultHeaders(await emailOfCookie("admin", email));
    const before = hook.hooks.length;
    const res = await sendTest({ channel: "webhook" });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ channel: "webhook", delivered: true });
    const got = hook.hooks[before]!;
    expect(verifyWebhookSignature(SECRET, got.headers["x-console-signature"] as string, got.body)).toBe(true);
    expect(JSON.parse(got.body)).toMatchObject({
      type: "console.test",
      text: `Test from the invite console, sent by ${email}: the digest webhook works.`,
    });
  });

  it("one test per channel per admin and minute: the next answers 429 with the seconds to wait, audited", async () => {
    const db = await setup();
    const { user } = await createConsoleUser({
      email: `limit-${tag}@notify.test`,
      role: "admin",
      password: "pw-limit-0123456789",
    });
    const actor = { userId: user.id, email: user.email, ip: "10.0.0.9", userAgent: "ua" };
    // A minute of its own (keys hold the minute): 10:00:05 and 10:00:50 share it, 10:01:00 is the next.
    const base = Date.parse(`2026-01-0${tag === "pglite" ? 1 : 2}T10:00:05Z`);
    const sent = smtp.mails.length;
    expect((await sendTestNotification({ actor, channel: "email", now: new Date(base) })).delivered).toBe(
      true,
    );
    const refused = await sendTestNotification({
      actor,
      channel: "email",
      now: new Date(base + 45_000),
    }).catch((e: unknown) => e as { code: string; retryAfter: number; message: string });
    expect(refused).toMatchObject({ code: "rate_limited", retryAfter: 10 });
    expect(smtp.mails.length).toBe(sent + 1);
    // The other channel has its own minute; the next minute is free again.
    expect(
      (await sendTestNotification({ actor, channel: "webhook", now: new Date(base + 45_000) })).delivered,
    ).toBe(true);
    expect(
      (await sendTestNotification({ actor, channel: "email", now: new Date(base + 55_000) })).delivered,
    ).toBe(true);
    const outcomes = (await db.select().from(auditRows).where(eq(auditRows.action, "notification.test_sent")))
      .filter((a) => a.userId === user.id)
      .map((a) => a.outcome);
    expect(outcomes.sort()).toEqual(["refused", "success", "success", "success"]);
  });

  it("admins only; a channel that is neither is a 400 naming the field", async () => {
    await setup();
    for (const role of ["viewer", "inviter"] as const) {
      useDefaultHeaders(await signedInRequest(role));
      expect((await sendTest({ channel: "email" })).status, role).toBe(403);
      expect((await preview(ORG)).status, role).toBe(403);
    }
    useDefaultHeaders(await signedInRequest("admin"));
    const bad = await sendTest({ channel: "sms" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.channel).toBeDefined();
    expect((await preview("not-an-org")).status).toBe(400);
  });

  it("the digest preview is the text the digest job then writes for the admins, and writes nothing itself", async () => {
    const db = await setup();
    const admin = `preview-admin-${tag}@notify.test`;
    useDefaultHeaders(await emailOfCookie("admin", admin));
    const { user: inviter } = await createConsoleUser({
      email: `preview-inviter-${tag}@notify.test`,
      role: "inviter",
      password: "pw-preview-0123456789",
    });
    const by = { userId: inviter.id, email: inviter.email };
    await recordPending(
      db,
      {
        connectionId: "env",
        orgId: ORG,
        email: `soon-${tag}@people.test`,
        source: "users",
        grants: { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
        userId: "5f5000000000000000000fff",
        expiresAt: new Date(Date.now() + 3 * 24 * 3600_000),
      },
      { kind: "created", actor: by, createdBy: by },
    );
    const empty = await preview("5f1000000000000000000eee");
    expect(empty.status, empty.text).toBe(200);
    expect(empty.body).toMatchObject({ empty: true, recipients: [] });

    const res = await preview(ORG);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ orgId: ORG, empty: false, transports: { email: true, webhook: true } });
    expect(res.body.subject).toBe(`Invitations for ${ORG}: 1 expiring soon`);
    expect(res.body.text).toContain(`soon-${tag}@people.test, expires`);
    expect(res.body.recipients).toEqual(expect.arrayContaining([admin, inviter.email]));
    expect(res.body.webhookText).toContain(`soon-${tag}@people.test`);
    expect(await db.select().from(notificationOutbox).where(eq(notificationOutbox.orgId, ORG))).toEqual([]);

    await buildOrgDigest(db, ORG, res.body.day);
    const [built] = await db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.orgId, ORG), eq(notificationOutbox.recipient, admin)));
    expect(built!.bodyText).toBe(res.body.text);
    expect(built!.subject).toBe(res.body.subject);
    // Built for that day: the next preview is for the day after.
    const next = await preview(ORG);
    expect(next.body.day > res.body.day).toBe(true);
  });
});
