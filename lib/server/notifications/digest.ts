import "server-only";
import { CronExpressionParser } from "cron-parser";
import { and, asc, eq, gt, gte, inArray, lte, max, sql } from "drizzle-orm";
import { inviterLabel } from "@/lib/schemas/inviter-label";
import type { DigestPreview } from "@/lib/schemas/notifications";
import type { Db } from "../db";
import { getDb } from "../db";
import { user as userTable } from "../db/schema/auth";
import { invitationLedger, invitationLedgerEvents } from "../db/schema/ledger";
import { notificationDigestState, notificationPreferences } from "../db/schema/notifications";
import { orgRoutes } from "../db/schema/org-routes";
import { env } from "../env";
import { toLedgerEntries } from "../ledger/list-ledger";
import { addToOutbox } from "./outbox";
import { digestPayload, digestSubject, digestText } from "./digest-text";
import type { DigestContent, DigestItem } from "./digest-text";
import { buildTokenNotices, markTokensTold, tokensToTell } from "./token-expiry";
import { emailConfigured, webhookConfigured, webhookHost } from "./transports";

// The daily digest per org (docs/notifications.md): invitations expiring within 7 days (pending ledger rows
// by expiresAt) and those accepted, expired or rejected since the last digest (ledger events after the org's
// watermark, lib/server/db/schema/notifications.ts). Admins get the whole org; an inviter who is not an admin
// gets the invitations they created. Each recipient may opt out (Account page). A recipient's own API tokens
// expiring soon are added to their digest (./token-expiry.ts).

export type { DigestContent, DigestItem };

const REPORTED = ["accepted", "expired", "rejected"] as const;
const DAY_MS = 24 * 3600_000;
const EXPIRY_WINDOW_MS = 7 * DAY_MS;

/** "2026-12-01": the UTC day of a date. */
export function digestDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The digest's cron (UTC), handed to pg-boss as written; null when NOTIFY_DIGEST_CRON is off or nothing can be sent. */
export function digestCron(): string | null {
  const cron = env().NOTIFY_DIGEST_CRON;
  return cron === "off" || (!emailConfigured() && !webhookConfigured()) ? null : cron;
}

/**
 * The UTC day the next digest is built for: the day of the cron's first tick on a day not built yet (the job
 * builds for the day of its tick, and a day already built is skipped). Without a schedule (a run queued by
 * hand): today, or tomorrow once today's is built.
 */
export function nextDigestDay(cron: string | null, lastDay: string | null, now: Date): string {
  const today = digestDay(now);
  const built = lastDay !== null && lastDay >= today;
  const unscheduled = built ? digestDay(new Date(now.getTime() + DAY_MS)) : today;
  if (cron === null) return unscheduled;
  const from = built ? new Date(Date.parse(`${lastDay}T00:00:00.000Z`) + DAY_MS - 1) : now;
  try {
    const tick = CronExpressionParser.parse(cron, { tz: "UTC", strict: false, currentDate: from }).next();
    return digestDay(tick.toDate());
  } catch {
    // An expression with no next date (env.ts has parsed it, so only e.g. 31 February).
    return unscheduled;
  }
}

interface Recipient {
  userId: string;
  email: string;
  admin: boolean;
}

async function recipientsOf(db: Db, creatorIds: string[]): Promise<Recipient[]> {
  const rows = await db
    .select({
      id: userTable.id,
      email: userTable.email,
      role: userTable.role,
      digest: notificationPreferences.digest,
    })
    .from(userTable)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, userTable.id))
    .where(
      and(
        eq(userTable.active, true),
        creatorIds.length > 0
          ? sql`(${userTable.role} = 'admin' or ${inArray(userTable.id, creatorIds)})`
          : eq(userTable.role, "admin"),
      ),
    )
    .orderBy(asc(userTable.email));
  return rows
    .filter((r) => r.digest !== false)
    .map((r) => ({ userId: r.id, email: r.email, admin: r.role === "admin" }));
}

async function orgContent(db: Db, orgId: string, afterSeq: number, upToSeq: number, now: Date) {
  const expiringRows = await db
    .select()
    .from(invitationLedger)
    .where(
      and(
        eq(invitationLedger.orgId, orgId),
        eq(invitationLedger.status, "pending"),
        gte(invitationLedger.expiresAt, now),
        lte(invitationLedger.expiresAt, new Date(now.getTime() + EXPIRY_WINDOW_MS)),
      ),
    )
    .orderBy(asc(invitationLedger.expiresAt));
  const events = await db
    .select({ ev: invitationLedgerEvents, row: invitationLedger })
    .from(invitationLedgerEvents)
    .innerJoin(invitationLedger, eq(invitationLedger.id, invitationLedgerEvents.ledgerId))
    .where(
      and(
        eq(invitationLedgerEvents.orgId, orgId),
        gt(invitationLedgerEvents.seq, afterSeq),
        lte(invitationLedgerEvents.seq, upToSeq),
        inArray(invitationLedgerEvents.toStatus, [...REPORTED]),
        sql`${invitationLedgerEvents.fromStatus} is distinct from ${invitationLedgerEvents.toStatus}`,
      ),
    )
    .orderBy(asc(invitationLedgerEvents.seq));
  // "Invited by" as every other view says it (lib/schemas/inviter-label.ts): the console user who acted and
  // what they did, else a service account by its connection's name, never a raw client id.
  const rows = new Map([...expiringRows, ...events.map((e) => e.row)].map((r) => [r.id, r]));
  // The job's build runs in a transaction: names are read through it.
  const entries = await toLedgerEntries(db, orgId, [...rows.values()], { inTransaction: true });
  const labels = new Map(entries.map((e) => [e.id, inviterLabel(e)]));
  const item = (
    r: typeof invitationLedger.$inferSelect,
    at: Date | null,
  ): DigestItem & { createdByUserId: string | null } => {
    const label = labels.get(r.id);
    return {
      email: r.email,
      at: at?.toISOString() ?? null,
      invitedBy: label?.name ?? null,
      invitedByText: label?.name ? label.text : null,
      createdByUserId: r.createdByUserId,
    };
  };
  return {
    expiring: expiringRows.map((r) => item(r, r.expiresAt)),
    accepted: events.filter((e) => e.ev.toStatus === "accepted").map((e) => item(e.row, e.ev.at)),
    expired: events.filter((e) => e.ev.toStatus === "expired").map((e) => item(e.row, e.ev.at)),
    rejected: events.filter((e) => e.ev.toStatus === "rejected").map((e) => item(e.row, e.ev.at)),
  };
}

type Full = Awaited<ReturnType<typeof orgContent>>;

function only(
  full: Full,
  keep: (i: { createdByUserId: string | null }) => boolean,
): DigestContent["sections"] {
  const strip = (list: Full["expiring"]) => list.filter(keep).map(({ createdByUserId: _, ...i }) => i);
  return {
    expiring: strip(full.expiring),
    accepted: strip(full.accepted),
    expired: strip(full.expired),
    rejected: strip(full.rejected),
  };
}

const isEmpty = (s: DigestContent["sections"]) =>
  s.expiring.length + s.accepted.length + s.expired.length + s.rejected.length === 0;

/**
 * Builds one org's digest for `day`: outbox rows for each recipient (and the webhook), then the watermark.
 * Under a row lock on the org's watermark, so that two instances building at once write it once; a day
 * already built is skipped. Answers the new outbox rows' ids.
 */
export async function buildOrgDigest(
  db: Db,
  orgId: string,
  day: string,
  now = new Date(),
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.insert(notificationDigestState).values({ orgId }).onConflictDoNothing();
    const [state] = await t
      .select()
      .from(notificationDigestState)
      .where(eq(notificationDigestState.orgId, orgId))
      .for("update");
    if (!state || (state.lastDay !== null && state.lastDay >= day)) return [];
    const [top] = await t
      .select({ seq: max(invitationLedgerEvents.seq) })
      .from(invitationLedgerEvents)
      .where(eq(invitationLedgerEvents.orgId, orgId));
    const upTo = Math.max(Number(top?.seq ?? 0), state.lastSeq);
    const full = await orgContent(t, orgId, state.lastSeq, upTo, now);
    const [route] = await t.select().from(orgRoutes).where(eq(orgRoutes.orgId, orgId)).limit(1);
    const org = { id: orgId, name: route?.orgName ?? null };
    const created: string[] = [];

    const all = only(full, () => true);
    if (!isEmpty(all)) {
      if (emailConfigured()) {
        const creators = [
          ...new Set(
            [...full.expiring, ...full.accepted, ...full.expired, ...full.rejected]
              .map((i) => i.createdByUserId)
              .filter((x): x is string => !!x),
          ),
        ];
        for (const r of await recipientsOf(t, creators)) {
          const sections = r.admin ? all : only(full, (i) => i.createdByUserId === r.userId);
          if (isEmpty(sections)) continue;
          const tokens = await tokensToTell(t, r.userId, day, now);
          const content: DigestContent = {
            org,
            day,
            sections,
            audience: r.admin ? "admin" : "inviter",
            tokens: tokens.map(({ id: _, ...tk }) => tk),
          };
          const id = await addToOutbox(t, {
            key: `digest:${day}:${orgId}:${r.userId}`,
            kind: "digest",
            channel: "email",
            orgId,
            recipient: r.email,
            recipientUserId: r.userId,
            subject: digestSubject(content),
            bodyText: digestText(content),
          });
          if (id) {
            await markTokensTold(
              t,
              tokens.map((tk) => tk.id),
              day,
              now,
            );
            created.push(id);
          }
        }
      }
      if (webhookConfigured()) {
        const content: DigestContent = { org, day, sections: all, audience: "webhook" };
        const id = await addToOutbox(t, {
          key: `digest:${day}:${orgId}:webhook`,
          kind: "digest",
          channel: "webhook",
          orgId,
          recipient: webhookHost() ?? "webhook",
          subject: digestSubject(content),
          payload: digestPayload(content),
        });
        if (id) created.push(id);
      }
    }
    await t
      .update(notificationDigestState)
      .set({ lastSeq: upTo, lastDay: day, lastRunAt: new Date() })
      .where(eq(notificationDigestState.orgId, orgId));
    return created;
  });
}

/**
 * What the org's next digest would say (the Notifications page's preview), read without writing anything:
 * the same content, recipients and words as buildOrgDigest, from the org's watermark up to now, for the day
 * of the next run (nextDigestDay).
 */
export async function previewOrgDigest({
  orgId,
  now = new Date(),
}: {
  orgId: string;
  now?: Date;
}): Promise<DigestPreview> {
  const db = await getDb();
  const [state] = await db
    .select()
    .from(notificationDigestState)
    .where(eq(notificationDigestState.orgId, orgId))
    .limit(1);
  const day = nextDigestDay(digestCron(), state?.lastDay ?? null, now);
  const afterSeq = state?.lastSeq ?? 0;
  const [top] = await db
    .select({ seq: max(invitationLedgerEvents.seq) })
    .from(invitationLedgerEvents)
    .where(eq(invitationLedgerEvents.orgId, orgId));
  const full = await orgContent(db, orgId, afterSeq, Math.max(Number(top?.seq ?? 0), afterSeq), now);
  const [route] = await db.select().from(orgRoutes).where(eq(orgRoutes.orgId, orgId)).limit(1);
  const org = { id: orgId, name: route?.orgName ?? null };
  const all = only(full, () => true);
  const content: DigestContent = { org, day, sections: all, audience: "admin" };
  const creators = [
    ...new Set(
      [...full.expiring, ...full.accepted, ...full.expired, ...full.rejected]
        .map((i) => i.createdByUserId)
        .filter((x): x is string => !!x),
    ),
  ];
  const recipients = isEmpty(all)
    ? []
    : (await recipientsOf(db, creators))
        .filter((r) => r.admin || !isEmpty(only(full, (i) => i.createdByUserId === r.userId)))
        .map((r) => r.email);
  return {
    orgId,
    day,
    empty: isEmpty(all),
    subject: digestSubject(content),
    text: digestText(content),
    webhookText: webhookConfigured() ? digestPayload({ ...content, audience: "webhook" }).text : null,
    recipients,
    transports: { email: emailConfigured(), webhook: webhookConfigured() },
  };
}

/** Every org the ledger knows; each gets its digest for `day`. Answers the new outbox rows' ids. */
export async function buildDigests(db: Db, day: string, now = new Date()): Promise<string[]> {
  const orgs = await db.selectDistinct({ orgId: invitationLedger.orgId }).from(invitationLedger);
  const ids: string[] = [];
  for (const { orgId } of orgs) ids.push(...(await buildOrgDigest(db, orgId, day, now)));
  // Token owners whose expiring tokens no org digest carried today (./token-expiry.ts).
  if (emailConfigured()) ids.push(...(await buildTokenNotices(db, day, now)));
  return ids;
}

/** When the last digest was built (any org), for the Notifications page. */
export async function lastDigestRun(db: Db): Promise<Date | null> {
  const [row] = await db.select({ at: max(notificationDigestState.lastRunAt) }).from(notificationDigestState);
  return row?.at ? new Date(row.at) : null;
}
