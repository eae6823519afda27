import "server-only";
import { and, count, desc, eq, gte, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import type { AuditFilters, AuditList, AuditOrgList, AuditRow } from "@/lib/schemas/audit";
import type { Db } from "../db";
import { auditRows } from "../db/schema";
import { knownOrgNames, resolveAuditNames } from "./names";

// Reading the audit log: the Audit page, its CSV export, and "invited by <console user>" in the list.

const like = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function where(f: AuditFilters): SQL | undefined {
  const parts: SQL[] = [];
  if (f.from) parts.push(gte(auditRows.createdAt, new Date(f.from)));
  if (f.to) parts.push(lte(auditRows.createdAt, new Date(f.to)));
  if (f.user) parts.push(sql`lower(${auditRows.userEmail}) like ${like(f.user)}`);
  if (f.action) parts.push(eq(auditRows.action, f.action));
  if (f.org) parts.push(eq(auditRows.orgId, f.org));
  if (f.target) parts.push(sql`lower(${auditRows.targetEmail}) like ${like(f.target)}`);
  if (f.outcome) parts.push(eq(auditRows.outcome, f.outcome));
  return parts.length > 0 ? and(...parts) : undefined;
}

function toAuditRow(r: typeof auditRows.$inferSelect): AuditRow {
  return {
    ...r,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    grants: r.grants ?? null,
  };
}

export async function listAudit(
  db: Db,
  f: AuditFilters & { page: number; pageSize: number },
): Promise<AuditList> {
  const w = where(f);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(auditRows)
      .where(w)
      .orderBy(desc(auditRows.createdAt), desc(auditRows.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(auditRows).where(w),
  ]);
  const out = rows.map(toAuditRow);
  return {
    rows: out,
    total: total?.n ?? 0,
    page: f.page,
    pageSize: f.pageSize,
    names: await resolveAuditNames(db, out),
  };
}

/** The org filter's choices: orgs any connection has seen, and orgs named in the log, by name. */
export async function listAuditOrgs(db: Db): Promise<AuditOrgList> {
  const known = await knownOrgNames(db);
  const inLog = await db
    .selectDistinct({ orgId: auditRows.orgId })
    .from(auditRows)
    .where(sql`${auditRows.orgId} is not null`);
  const ids = new Set([...known.keys(), ...inLog.map((r) => r.orgId!).filter(Boolean)]);
  const orgs = [...ids].map((id) => ({ id, name: known.get(id) ?? null }));
  orgs.sort((a, b) => (a.name ?? `~${a.id}`).localeCompare(b.name ?? `~${b.id}`, "en"));
  return { orgs };
}

/**
 * Every matching row, newest first, in batches (for the CSV export). Keyset pages on (createdAt, id), the
 * order's own key: rows written while the export runs neither shift nor repeat a page, and a late page costs
 * what the first one does.
 */
export async function* allAudit(db: Db, f: AuditFilters, batch = 1000): AsyncGenerator<AuditRow[]> {
  const w = where(f);
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const rows: (typeof auditRows.$inferSelect)[] = await db
      .select()
      .from(auditRows)
      .where(
        after
          ? and(
              w,
              or(
                lt(auditRows.createdAt, after.createdAt),
                and(eq(auditRows.createdAt, after.createdAt), lt(auditRows.id, after.id)),
              ),
            )
          : w,
      )
      .orderBy(desc(auditRows.createdAt), desc(auditRows.id))
      .limit(batch);
    if (rows.length > 0) yield rows.map(toAuditRow);
    const last = rows.at(-1);
    if (!last || rows.length < batch) return;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

/** Invitation id → the console user who created it, for the ids given (successful creates only). */
export async function invitedByConsole(db: Db, orgId: string, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows = await db
      .select({ targetId: auditRows.targetId, userEmail: auditRows.userEmail })
      .from(auditRows)
      .where(
        and(
          eq(auditRows.orgId, orgId),
          eq(auditRows.action, "invitation.created"),
          eq(auditRows.outcome, "success"),
          inArray(auditRows.targetId, chunk),
        ),
      );
    for (const r of rows) if (r.targetId && r.userEmail) out.set(r.targetId, r.userEmail);
  }
  return out;
}

/**
 * The address of an invitation this org's log saw Atlas create or a cancel read from Atlas, for a row about
 * an id Atlas no longer knows (cancelled meanwhile). Never from a request body.
 */
export async function knownTargetEmail(db: Db, orgId: string, id: string): Promise<string | null> {
  const [row] = await db
    .select({ targetEmail: auditRows.targetEmail })
    .from(auditRows)
    .where(
      and(
        eq(auditRows.orgId, orgId),
        eq(auditRows.targetId, id),
        inArray(auditRows.action, ["invitation.created", "invitation.cancelled"]),
        inArray(auditRows.outcome, ["success", "pending"]),
      ),
    )
    .orderBy(desc(auditRows.createdAt))
    .limit(1);
  return row?.targetEmail ?? null;
}
