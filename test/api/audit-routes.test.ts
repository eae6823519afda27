// GET /api/audit (filters, pagination) and /api/audit/export (CSV, injection-safe) on every test database.
import Papa from "papaparse";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/audit/export/route";
import * as auditRoute from "@/app/api/audit/route";
import { beginAudit, completeAudit, recordAudit } from "@/lib/server/audit";
import { auditCsvStream } from "@/lib/server/audit/csv";
import { getDb, installDb } from "@/lib/server/db";
import type { TestSim } from "@/sim/test/support/sim";
import type { TestDatabaseHandle } from "../support/db";
import { testDatabases } from "../support/db";
import { signedInRequest } from "../support/session";
import { call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";

const ORG_A = "5f1000000000000000000001";
const ORG_B = "5f1000000000000000000002";
const ada = { userId: "1", email: "ada@console.example", ip: "10.0.0.1", userAgent: "ua" };
const bob = { userId: "2", email: "bob@console.example", ip: "10.0.0.2", userAgent: "ua" };

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

describe.each(testDatabases())("audit routes on $name", ({ open }) => {
  let h: TestDatabaseHandle;
  let start: string;
  beforeAll(async () => {
    h = await open();
    installDb(h);
    useDefaultHeaders(await signedInRequest("admin"));
    start = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < 30; i++) {
      await recordAudit(ada, {
        action: "invitation.created",
        orgId: ORG_A,
        targetEmail: `p${i}@example.com`,
        outcome: i % 5 === 0 ? "failure" : "success",
        atlasStatus: i % 5 === 0 ? 409 : 201,
        atlasErrorCode: i % 5 === 0 ? "USER_ALREADY_INVITED" : null,
        grants: { orgRoles: ["ORG_MEMBER"] },
      });
    }
    const id = await beginAudit(bob, {
      action: "invitation.cancelled",
      orgId: ORG_B,
      targetEmail: "=HYPERLINK(1)",
    });
    await completeAudit(id, { outcome: "noop", atlasStatus: 404, detail: "-2+3" });
    await recordAudit(bob, { action: "auth.signed_in", outcome: "success", detail: "@SUM(A1)" });
  });
  afterAll(async () => {
    installDb(null);
    await h.close();
  });

  const list = (query: string) => call(auditRoute.GET, "GET", "/api/audit", { query });

  it("pages through every row, newest first", async () => {
    const first = await list("?pageSize=10");
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(first.body).toMatchObject({ total: 32, page: 1, pageSize: 10 });
    expect(first.body.rows[0].action).toBe("auth.signed_in");
    const last = await list("?pageSize=10&page=4");
    expect(last.body.rows).toHaveLength(2);
    const times = first.body.rows.map((r: any) => r.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("filters by user, action, org, target e-mail, outcome and time range", async () => {
    expect((await list("?user=BOB@")).body.total).toBe(2);
    expect((await list("?action=invitation.created")).body.total).toBe(30);
    expect((await list(`?org=${ORG_B}`)).body.total).toBe(1);
    expect((await list("?target=p1")).body.total).toBe(11); // p1, p10..p19
    expect((await list("?outcome=failure")).body.total).toBe(6);
    expect((await list("?outcome=failure&target=p5@")).body.rows[0]).toMatchObject({
      atlasErrorCode: "USER_ALREADY_INVITED",
      userEmail: "ada@console.example",
    });
    expect((await list(`?from=${encodeURIComponent(start)}`)).body.total).toBe(32);
    expect((await list("?to=2000-01-01")).body.total).toBe(0);
    // LIKE wildcards in the search are literal.
    expect((await list("?target=%25")).body.total).toBe(0);
  });

  it("pages by cursor as by page number: the same rows, newest first, and no cursor after the last page", async () => {
    const byNumber: string[] = [];
    for (let page = 1; page <= 4; page++) {
      byNumber.push(...(await list(`?pageSize=10&page=${page}`)).body.rows.map((r: any) => r.id));
    }
    const byCursor: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(`?pageSize=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 32, totalCapped: false });
      byCursor.push(...res.body.rows.map((r: any) => r.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(byCursor).toEqual(byNumber);
    expect(new Set(byCursor).size).toBe(32);
    // With a filter: the 24 successful creates in pages of 10, the same 30 creates sharing milliseconds.
    const first = await list("?action=invitation.created&outcome=success&pageSize=10");
    const second = await list(
      `?action=invitation.created&outcome=success&pageSize=10&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    const third = await list(
      `?action=invitation.created&outcome=success&pageSize=10&cursor=${encodeURIComponent(second.body.nextCursor)}`,
    );
    expect(third.body.rows).toHaveLength(4);
    expect(third.body.nextCursor).toBeNull();
    const ids = [first, second, third].flatMap((r) => r.body.rows.map((x: any) => x.id));
    expect(new Set(ids).size).toBe(24);
    expect((await list("?cursor=yesterday")).status).toBe(400);
  });

  it("refuses invalid filters with 400 and the field", async () => {
    const bad = await list("?outcome=maybe&org=zz&from=yesterday&pageSize=1000");
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(
      expect.arrayContaining(["outcome", "org", "from", "pageSize"]),
    );
  });

  it("exports the filtered rows as CSV, formula cells neutralised", async () => {
    const res = await call(exportRoute.GET, "GET", "/api/audit/export", { query: "?user=bob" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="audit-\d{8}T\d{6}Z\.csv"$/,
    );
    const parsed = Papa.parse<string[]>(res.text.trim());
    const [header, ...rows] = parsed.data;
    expect(header).toContain("console_user");
    expect(rows).toHaveLength(2);
    const col = (name: string) => header!.indexOf(name);
    const cancel = rows.find((r) => r[col("action")] === "invitation.cancelled")!;
    expect(cancel[col("target_email")]).toBe("'=HYPERLINK(1)");
    expect(cancel[col("detail")]).toBe("'-2+3");
    expect(cancel[col("outcome")]).toBe("noop");
    const signIn = rows.find((r) => r[col("action")] === "auth.signed_in")!;
    expect(signIn[col("detail")]).toBe("'@SUM(A1)");
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@]/);
    const all = await call(exportRoute.GET, "GET", "/api/audit/export", { query: "?envelope=true" });
    expect(Papa.parse(all.text.trim()).data).toHaveLength(33);
  });

  it("streams the export in keyset batches: many batches give the same file as one", async () => {
    const oneBatch = await call(exportRoute.GET, "GET", "/api/audit/export", {});
    const db = await getDb();
    const chunks: string[] = [];
    const decoder = new TextDecoder();
    // 32 rows in batches of 7: five pages, the last one short; rows written in the same millisecond
    // (the 30 creates above) are ordered by id across page boundaries.
    for await (const chunk of auditCsvStream(db, {}, 7)) chunks.push(decoder.decode(chunk));
    expect(chunks).toHaveLength(1 + 5);
    expect(chunks.join("")).toBe(oneBatch.text);
    const [header, ...rows] = Papa.parse<string[]>(oneBatch.text.trim()).data;
    const ids = rows.map((r) => r[header!.indexOf("audit_id")]);
    expect(new Set(ids).size).toBe(32);
    const filtered: string[] = [];
    for await (const chunk of auditCsvStream(db, { action: "invitation.created", outcome: "failure" }, 4)) {
      filtered.push(decoder.decode(chunk));
    }
    expect(Papa.parse(filtered.join("").trim()).data).toHaveLength(1 + 6);
  });

  it("neutralises a formula cell that spans lines, and one that starts with a tab or carriage return", async () => {
    await recordAudit(bob, {
      action: "auth.signed_out",
      outcome: "success",
      targetEmail: "\t=1+1",
      detail: "=cmd|' /C calc'!A0\nsecond line",
    });
    await recordAudit(bob, { action: "auth.signed_out", outcome: "success", detail: "\r=2+2" });
    const res = await call(exportRoute.GET, "GET", "/api/audit/export", { query: "?action=auth.signed_out" });
    const [header, ...rows] = Papa.parse<string[]>(res.text.trim()).data;
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => r[col("detail")]).sort()).toEqual(["'\r=2+2", "'=cmd|' /C calc'!A0\nsecond line"]);
    expect(rows.map((r) => r[col("target_email")])).toContain("'\t=1+1");
  });

  it("counts matching rows up to 1,000 and then says 'more than', the next page still reachable", async () => {
    // 1,001 more rows written with SQL (the hash chain is not what this reads), an hour ago.
    await h.db.execute(
      sql`insert into audit_rows (id, created_at, action, outcome, user_email)
          select 'bulk-' || g, now() - interval '1 hour' - g * interval '1 second', 'auth.signed_in', 'success',
                 'carol@console.example'
          from generate_series(1, 1001) g`,
    );
    const all = await list("?pageSize=200&page=5");
    expect(all.body).toMatchObject({ total: 1000, totalCapped: true });
    expect(all.body.rows).toHaveLength(200);
    expect(all.body.nextCursor).not.toBeNull();
    const next = await list(`?pageSize=200&cursor=${encodeURIComponent(all.body.nextCursor)}`);
    expect(next.body.rows.length).toBeGreaterThan(0);
    expect(next.body.rows[0].createdAt <= all.body.rows.at(-1).createdAt).toBe(true);
    // A filter that matches fewer rows is counted exactly.
    expect((await list("?user=bob")).body).toMatchObject({ total: 4, totalCapped: false });
    expect((await list("?user=carol")).body).toMatchObject({ total: 1000, totalCapped: true });
  });
});
