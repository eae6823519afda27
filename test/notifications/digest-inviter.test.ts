// The daily digest says "invited by" with the one label every view uses (lib/schemas/inviter-label.ts,
// filled by lib/server/invitations/connection-inviters.ts withInviters): a service account by its
// connection's name, never its raw client id, and a renew as "renewed by <admin>, first invited by <inviter>".
// Both the digest job's build (inside its transaction) and the preview, on PGlite and PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { installDb } from "@/lib/server/db";
import type { DatabaseHandle, Db } from "@/lib/server/db";
import { notificationOutbox } from "@/lib/server/db/schema";
import { createConsoleUser } from "@/lib/server/console-users/create-console-user";
import type { LedgerActor } from "@/lib/server/ledger/repository";
import { recordPending, setSupersededBy, transition } from "@/lib/server/ledger/repository";
import { buildOrgDigest, previewOrgDigest } from "@/lib/server/notifications/digest";
import { testDatabases } from "../support/db";
import { startSmtp } from "../support/mail";
import type { TestSmtp } from "../support/mail";
import { prepareTestAuth } from "../support/session";

const ORG = "5f1000000000000000000d16";
const CLIENT_ID = "mdb_sa_id_5f00000000000000000d16e5";
const CONNECTION = "Onboarding bot";
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  // Read once by env(), before anything calls it. The environment's connection is the service account
  // Atlas names as the inviter; no Atlas call is made here.
  process.env.SMTP_URL = `smtp://notify:s3cret-pass@127.0.0.1:${smtp.port}`;
  process.env.NOTIFY_FROM = "Invite console <console@notify.test>";
  process.env.NOTIFY_DIGEST_CRON = "off";
  process.env.ATLAS_CLIENT_ID = CLIENT_ID;
  process.env.ATLAS_CLIENT_SECRET = "digest-test-secret-0123456789";
  process.env.ATLAS_CONNECTION_NAME = CONNECTION;
  prepareTestAuth();
});
afterAll(async () => {
  await smtp.close();
});

const opened: DatabaseHandle[] = [];
afterEach(async () => {
  installDb(null);
  for (const h of opened.splice(0).reverse()) await h.close();
});

const GRANTS = { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] };
let n = 0;
const hex = () => `5f70000000000000000d${(++n).toString(16).padStart(4, "0")}`;
const days = (d: number) => new Date(Date.now() + d * 24 * 3600_000);

async function user(email: string, role: "admin" | "inviter"): Promise<LedgerActor> {
  const { user: u } = await createConsoleUser({ email, role, password: `pw-${email}-0123456789` });
  return { userId: u.id, email: u.email };
}

const pending = (email: string, inviter: string | null = null) => ({
  connectionId: "env",
  orgId: ORG,
  email,
  source: "users" as const,
  grants: GRANTS,
  userId: hex(),
  inviter,
  expiresAt: days(3),
});

/** A renew as renew-invitation.ts records it: the old row superseded, the new one made by `by`. */
async function renewed(db: Db, email: string, first: LedgerActor, by: LedgerActor) {
  const old = await recordPending(db, pending(email, CLIENT_ID), {
    kind: "created",
    createdBy: first,
    actor: first,
  });
  expect(await transition(db, old, "superseded", { kind: "renewed", actor: by })).toBe(true);
  const fresh = await recordPending(db, pending(email, CLIENT_ID), {
    kind: "created",
    createdBy: by,
    actor: by,
    detail: { renewOf: old.id },
  });
  await setSupersededBy(db, old.id, fresh.id);
}

describe.each(testDatabases())("the digest's inviter on $name", { timeout: 120_000 }, (kind) => {
  const tag = kind.name;

  it("names a service account by its connection and a renew by who renewed, as the list does", async () => {
    const handle = await kind.open();
    opened.push(handle);
    installDb(handle);
    const db = handle.db;
    const admin = await user(`admin-${tag}@digest-inviter.test`, "admin");
    const inviter = await user(`inviter-${tag}@digest-inviter.test`, "inviter");
    const apiMade = `api-made-${tag}@people.test`;
    await recordPending(db, pending(apiMade, CLIENT_ID), { kind: "discovered" });
    const renewedEmail = `renewed-${tag}@people.test`;
    await renewed(db, renewedEmail, inviter, admin);
    const plain = `plain-${tag}@people.test`;
    await recordPending(db, pending(plain, CLIENT_ID), {
      kind: "created",
      createdBy: inviter,
      actor: inviter,
    });

    const lines = (text: string) => ({
      apiMade: text.split("\n").find((l) => l.includes(apiMade)),
      renewed: text.split("\n").find((l) => l.includes(renewedEmail)),
      plain: text.split("\n").find((l) => l.includes(plain)),
    });
    const expected = {
      apiMade: expect.stringMatching(new RegExp(`, invited by ${CONNECTION} \\(console connection\\)$`)),
      renewed: expect.stringMatching(
        new RegExp(`, renewed by ${admin.email}, first invited by ${inviter.email}$`),
      ),
      plain: expect.stringMatching(new RegExp(`, invited by ${inviter.email}$`)),
    };

    const preview = await previewOrgDigest({ orgId: ORG });
    expect(lines(preview.text)).toEqual(expected);
    expect(preview.text).not.toContain(CLIENT_ID);

    // The job's build, inside its transaction, writes the same words.
    expect(await buildOrgDigest(db, ORG, preview.day)).not.toHaveLength(0);
    const [toAdmin] = await db
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.recipient, admin.email!));
    expect(toAdmin?.bodyText).toBe(preview.text);
    expect(toAdmin?.bodyText).not.toContain(CLIENT_ID);
  });
});
