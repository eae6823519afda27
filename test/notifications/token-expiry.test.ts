// "API tokens expiring soon" in the digest (lib/server/notifications/token-expiry.ts), end to end on the job
// layer against a real SMTP server in this process: a recipient's own live tokens expiring within 7 days are
// in their digest (their org digest, or a digest of their own on a day without one), never a token expiring
// later, a revoked one or another person's; an opted-out owner is told nothing and nothing is marked; a token
// is told at most once a day. On PGlite always and on PostgreSQL with TEST_DATABASE_URL.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/server/db";
import { apiTokens, notificationOutbox } from "@/lib/server/db/schema";
import { createConsoleUser } from "@/lib/server/console-users/create-console-user";
import { sendJob } from "@/lib/server/jobs";
import { recordPending } from "@/lib/server/ledger/repository";
import { buildDigests, digestDay } from "@/lib/server/notifications/digest";
import { setPreferences } from "@/lib/server/notifications/preferences";
import { createToken, revokeOwnToken } from "@/lib/server/tokens/tokens";
import { testDatabases } from "../support/db";
import { until } from "../support/mail";
import { useDatabasePerTest, useNotifyTransports } from "../support/notify";

const { smtp } = useNotifyTransports({ env: { CONSOLE_URL: "http://127.0.0.1:3999" } });
const install = useDatabasePerTest();

const ORG = "5f1000000000000000000def";
const GRANTS = { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] };
const DAY_MS = 24 * 3600_000;

interface Person {
  id: string;
  email: string;
  role: "admin" | "inviter" | "viewer";
}

async function person(email: string, role: Person["role"]): Promise<Person> {
  const { user: u } = await createConsoleUser({ email, role, password: `pw-${email}-0123456789` });
  return { id: u.id, email: u.email, role };
}

const actorOf = (p: Person) => ({ userId: p.id, email: p.email, ip: null, userAgent: null });

async function token(owner: Person, name: string, expiresInDays: number) {
  return createToken({ user: owner, input: { name, expiresInDays }, actor: actorOf(owner) });
}

async function noticeAt(db: Db, id: string): Promise<Date | null> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row!.expiryNoticeAt;
}

const mailsTo = (addr: string) => smtp.mails.filter((m) => m.to.includes(addr));

describe.each(testDatabases())("token expiry notices on $name", { timeout: 120_000 }, (kind) => {
  const tag = kind.name;

  it("a recipient's own live tokens expiring within 7 days are in their digest, once a day; not later, revoked, others' or opted-out owners' tokens", async () => {
    const db = (await install(kind.open, { jobs: true })).db;
    const me = await person(`me-${tag}@tokens.test`, "inviter");
    const other = await person(`other-${tag}@tokens.test`, "viewer");
    const quiet = await person(`quiet-${tag}@tokens.test`, "admin");
    await setPreferences({ actor: actorOf(quiet), prefs: { digest: false } });

    const soon = await token(me, `mine-soon-${tag}`, 3);
    const later = await token(me, `mine-later-${tag}`, 30);
    const revoked = await token(me, `mine-revoked-${tag}`, 2);
    await revokeOwnToken({ userId: me.id, tokenId: revoked.id, actor: actorOf(me), email: me.email });
    const othersSoon = await token(other, `theirs-soon-${tag}`, 3);
    const quietSoon = await token(quiet, `quiet-soon-${tag}`, 3);

    // My invitation expiring soon: I get the org's digest, which carries my tokens. The other owner has no
    // part in the org's digest: their tokens come in a digest of their own.
    await recordPending(
      db,
      {
        connectionId: "env",
        orgId: ORG,
        email: `invited-${tag}@people.test`,
        source: "users",
        grants: GRANTS,
        userId: "5f1000000000000000000001",
        expiresAt: new Date(Date.now() + 4 * DAY_MS),
      },
      {
        kind: "created",
        createdBy: { userId: me.id, email: me.email },
        actor: { userId: me.id, email: me.email },
      },
    );

    const today = digestDay(new Date());
    await sendJob("notify-digest", { day: today });
    const mine = await until("my digest", () => mailsTo(me.email)[0]);
    const others = await until("the other owner's digest", () => mailsTo(other.email)[0]);

    expect(mine.subject).toBe(`Invitations for ${ORG}: 1 expiring soon`);
    expect(mine.text).toContain(`invited-${tag}@people.test`);
    expect(mine.text).toContain(
      `API tokens expiring soon (1):\n  - mine-soon-${tag} (starts with ${soon.prefix}), expires ${soon.expiresAt.slice(0, 10)}\n` +
        "Create a new one on the Account page: http://127.0.0.1:3999/account\n",
    );
    expect(mine.text).not.toContain(`mine-later-${tag}`);
    expect(mine.text).not.toContain(`mine-revoked-${tag}`);
    expect(mine.text).not.toContain(`theirs-soon-${tag}`);
    expect(mine.text).not.toContain(soon.token);

    expect(others.subject).toBe("API tokens: 1 expiring soon");
    expect(others.text).toContain(
      `API tokens expiring soon (1):\n  - theirs-soon-${tag} (starts with ${othersSoon.prefix}), expires ${othersSoon.expiresAt.slice(0, 10)}`,
    );
    expect(others.text).toContain("You receive this because you own these tokens.");
    expect(others.text).not.toContain(`mine-soon-${tag}`);
    expect(others.text).not.toContain(othersSoon.token);

    // Marked once told; the rest not.
    expect(await noticeAt(db, soon.id)).toBeInstanceOf(Date);
    expect(await noticeAt(db, othersSoon.id)).toBeInstanceOf(Date);
    expect(await noticeAt(db, later.id)).toBeNull();
    expect(await noticeAt(db, revoked.id)).toBeNull();
    expect(await noticeAt(db, quietSoon.id)).toBeNull();
    await until("every send job to finish", async () => {
      const rows = await db.select().from(notificationOutbox);
      return rows.length === 2 && rows.every((r) => r.status === "sent");
    });
    expect(mailsTo(quiet.email)).toEqual([]);

    // The same day again: nothing more, even without an org digest to carry it.
    expect(await buildDigests(db, today)).toEqual([]);
    // The next day, still expiring soon: told again, once.
    const tomorrow = digestDay(new Date(Date.now() + DAY_MS));
    await sendJob("notify-digest", { day: tomorrow });
    const mineAgain = await until("my second digest", () => mailsTo(me.email)[1]);
    expect(mineAgain.text).toContain(`  - mine-soon-${tag} (starts with ${soon.prefix})`);
    const othersAgain = await until("the other owner's second digest", () => mailsTo(other.email)[1]);
    expect(othersAgain.text).toContain(`  - theirs-soon-${tag} (starts with ${othersSoon.prefix})`);
    expect(await buildDigests(db, tomorrow)).toEqual([]);
    await until("every send job to finish", async () => {
      const rows = await db.select().from(notificationOutbox);
      return rows.length === 4 && rows.every((r) => r.status === "sent");
    });
    expect(mailsTo(me.email)).toHaveLength(2);
    expect(mailsTo(other.email)).toHaveLength(2);
    expect(mailsTo(quiet.email)).toEqual([]);
  });
});
