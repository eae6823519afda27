// Bad text and dates are a 400 naming the field, never a 500, on every test database: NUL bytes (PostgreSQL
// cannot store or compare them) in the sign-in e-mail, the reset-password token, the audit filters, console
// user and connection names; dates out of range on the audit routes (JavaScript's earliest date is beyond
// PostgreSQL's). Shared rules: lib/schemas/text.ts; better-auth's routes: lib/server/api/auth-input.ts; any
// other field of a console route: withConsole (lib/server/api/with-console.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sessionRoute from "@/app/api/account/sessions/[sessionId]/route";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as exportRoute from "@/app/api/audit/export/route";
import * as auditRoute from "@/app/api/audit/route";
import * as connectionRoute from "@/app/api/connections/[connectionId]/route";
import * as connectionsRoute from "@/app/api/connections/route";
import * as usersRoute from "@/app/api/users/route";
import type { TestSim } from "@/sim/test/support/sim";
import { testDatabases } from "../support/db";
import { call, consoleAgainstSimulator, useAdminOnDatabase } from "../support/routes";

const NUL = "\u0000";
let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

describe.each(testDatabases())("bad text and dates on $name", ({ open }) => {
  useAdminOnDatabase(open);

  it("a NUL in the sign-in e-mail or the reset-password token: 400 naming the field", async () => {
    const signIn = await call(authRoute.POST, "POST", "/api/auth/sign-in/email", {
      body: { email: `ada${NUL}@example.com`, password: "a long enough password" },
      headers: { Cookie: "" },
    });
    expect(signIn.status, signIn.text).toBe(400);
    expect(signIn.body).toEqual({
      code: "INVALID_INPUT",
      message: "The e-mail address must not contain a NUL character.",
      field: "email",
    });
    const reset = await call(authRoute.POST, "POST", "/api/auth/reset-password", {
      body: { token: `abc${NUL}def`, newPassword: "a long enough password" },
      headers: { Cookie: "" },
    });
    expect(reset.status, reset.text).toBe(400);
    expect(reset.body).toMatchObject({ code: "INVALID_INPUT", field: "token" });
    expect(reset.body.message).toMatch(/token must not contain a NUL/);
    // The same e-mail without the NUL is an ordinary wrong password.
    const plain = await call(authRoute.POST, "POST", "/api/auth/sign-in/email", {
      body: { email: "nobody@example.com", password: "a long enough password" },
      headers: { Cookie: "" },
    });
    expect(plain.status, plain.text).toBe(401);
  });

  it("a NUL in an audit filter, on the list and the CSV export: 400 naming the filter", async () => {
    for (const field of ["target", "user"]) {
      for (const route of [auditRoute, exportRoute]) {
        const res = await call(route.GET, "GET", "/api/audit", { query: `?${field}=ada%00x` });
        expect(res.status, res.text).toBe(400);
        expect(res.body.error.code).toBe("invalid_input");
        expect(res.body.error.fields[field]).toMatch(/control characters/);
      }
    }
  });

  it("dates out of range on the audit routes: 400 naming from or to; dates in range work", async () => {
    const cases: [string, string][] = [
      ["from", "-271821-04-20T00:00:00Z"],
      ["to", "+275760-09-13T00:00:00Z"],
      ["from", "1970-01-01"],
      ["to", "2101-01-02"],
    ];
    for (const [field, value] of cases) {
      for (const route of [auditRoute, exportRoute]) {
        const res = await call(route.GET, "GET", "/api/audit", {
          query: `?${new URLSearchParams({ [field]: value })}`,
        });
        expect(res.status, `${field}=${value}: ${res.text}`).toBe(400);
        expect(res.body.error.fields[field]).toMatch(/between the years 2000 and 2100/);
      }
    }
    const ok = await call(auditRoute.GET, "GET", "/api/audit", {
      query: "?from=2000-01-01&to=2100-12-31T23:59:59Z",
    });
    expect(ok.status, ok.text).toBe(200);
  });

  it("an audit cursor whose time is no real date, or out of range: 400 naming cursor; a real one works", async () => {
    const times = [
      "0000-00-00T00:00:00.000Z", // no date for JavaScript (was a 500)
      "0000-01-01T00:00:00.000Z", // a JavaScript date out of PostgreSQL's range (was a 500)
      "2026-02-30T00:00:00.000Z", // read as 2 March
      "2026-01-01T24:00:00.000Z", // read as the next day
      "9999-12-31T23:59:59.999Z", // past the years a date filter takes
    ];
    for (const time of times) {
      const res = await call(auditRoute.GET, "GET", "/api/audit", {
        query: `?${new URLSearchParams({ cursor: `${time}_a1` })}`,
      });
      expect(res.status, `${time}: ${res.text}`).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
      expect(res.body.error.fields.cursor).toMatch(/its time must be a real date between the years 2000/);
    }
    const ok = await call(auditRoute.GET, "GET", "/api/audit", {
      query: `?${new URLSearchParams({ cursor: "2026-02-28T23:59:59.999Z_a1" })}`,
    });
    expect(ok.status, ok.text).toBe(200);
  });

  it("a NUL in a console user's name or a connection's name: 400 naming the field", async () => {
    const user = await call(usersRoute.POST, "POST", "/api/users", {
      body: { email: "nul-name@example.com", role: "viewer", name: `Ada${NUL}` },
    });
    expect(user.status, user.text).toBe(400);
    expect(user.body.error.fields.name).toMatch(/control characters/);

    const connection = {
      name: `Prod${NUL}`,
      baseUrl: sim.url,
      clientId: "mdb_sa_id_5f00000000000000000000ab",
      clientSecret: "a-secret-of-some-length",
      test: false,
    };
    const created = await call(connectionsRoute.POST, "POST", "/api/connections", { body: connection });
    expect(created.status, created.text).toBe(400);
    expect(created.body.error.fields.name).toMatch(/control characters/);

    const saved = await call(connectionsRoute.POST, "POST", "/api/connections", {
      body: { ...connection, name: "Prod" },
    });
    expect(saved.status, saved.text).toBe(201);
    const id = saved.body.connection.id as string;
    const renamed = await call(connectionRoute.PATCH, "PATCH", `/api/connections/${id}`, {
      params: { connectionId: id },
      body: { name: `Prod${NUL}2` },
    });
    expect(renamed.status, renamed.text).toBe(400);
    expect(renamed.body.error.fields.name).toMatch(/control characters/);
  });

  it("a NUL in any other field of a console route (a path parameter, a body key): 400 naming it", async () => {
    const session = await call(sessionRoute.DELETE, "DELETE", "/api/account/sessions/x", {
      params: { sessionId: `abc${NUL}` },
    });
    expect(session.status, session.text).toBe(400);
    expect(session.body.error.fields.sessionId).toMatch(/control characters/);
    const user = await call(usersRoute.POST, "POST", "/api/users", {
      body: { email: "nul-key@example.com", role: "viewer", [`x${NUL}`]: 1 },
    });
    expect(user.status, user.text).toBe(400);
    expect(user.body.error.fields).toHaveProperty("x");
  });
});
