// Hostile query strings against the built server (scripts/server.mjs + next build), through real sockets
// (e2e/support/raw-http.ts: nothing re-encodes the query on the way): the pending list's stream switch
// (?stream=ndjson, Accept: application/x-ndjson), the audit log's keyset cursor and page numbers, and the
// ledger tabs' query. Every answer is a 400 in the console's error envelope naming the field, or a correct
// 200; a query past Node's header limit is a 431 in the same envelope; and the console answers afterwards.
import { expect, inviteByApi, test } from "./fixtures";
import { ORG_ID, uniqueEmail } from "./support/atlas";
import { PORTS, url } from "./support/ports";
import type { RawAnswer } from "./support/raw-http";
import { adminCookie, raw, rawSocket } from "./support/raw-http";

const CONSOLE = url(PORTS.users);
const INVITATIONS = `/api/orgs/${ORG_ID}/invitations`;
const LEDGER = `/api/orgs/${ORG_ID}/ledger`;
const AUDIT = "/api/audit";

let cookie = "";
test.beforeAll(async ({ sim }) => {
  await sim.reset();
  cookie = adminCookie(PORTS.users);
});

const get = (path: string, headers: Record<string, string> = {}) =>
  raw(CONSOLE, path, { headers: { cookie, ...headers } });

/** A 400 in the error envelope whose `fields[field]` says what is wrong. */
function expectFieldError(res: RawAnswer, what: string, field: string, message: RegExp) {
  expect(res.status, `${what}: ${res.body}`).toBe(400);
  expect(res.headers["content-type"], what).toMatch(/^application\/json/);
  const { error } = JSON.parse(res.body) as { error: { code: string; fields?: Record<string, string> } };
  expect(error.code, what).toBe("invalid_input");
  expect(error.fields?.[field], `${what}: ${res.body}`).toMatch(message);
}

/** The answer's NDJSON lines, parsed; the last one is the end line with the count of rows. */
function expectWholeStream(res: RawAnswer, what: string) {
  expect(res.status, `${what}: ${res.body.slice(0, 300)}`).toBe(200);
  expect(res.headers["content-type"], what).toBe("application/x-ndjson; charset=utf-8");
  const lines = res.body
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const rows = lines.flatMap((l) => (Array.isArray(l.rows) ? l.rows : []));
  expect(lines.at(-1), what).toEqual({ end: { count: rows.length } });
}

function expectJsonList(res: RawAnswer, what: string) {
  expect(res.status, `${what}: ${res.body.slice(0, 300)}`).toBe(200);
  expect(res.headers["content-type"], what).toMatch(/^application\/json/);
  expect(Array.isArray(JSON.parse(res.body).invitations), what).toBe(true);
}

/** The console still answers signed-in requests (list, audit) after what a test sent it. */
async function expectStillAnswering() {
  expectJsonList(await get(INVITATIONS), "the list afterwards");
  expect((await get(`${AUDIT}?pageSize=1`)).status).toBe(200);
}

test("the pending list's stream switch: ndjson (once or twice) streams, any other stream= is a 400 naming it", async () => {
  expectWholeStream(await get(`${INVITATIONS}?stream=ndjson`), "stream=ndjson");
  expectWholeStream(await get(`${INVITATIONS}?stream=ndjson&stream=ndjson`), "stream=ndjson twice");
  const refused: [string, RegExp][] = [
    ["json", /must be "ndjson"/],
    ["NDJSON", /must be "ndjson"/],
    ["", /must be "ndjson"/],
    ["ndjson%20", /must be "ndjson"/],
    ["%zz", /must be "ndjson"/], // invalid percent-encoding: read as the text "%zz"
    ["%E0%A4%A", /must be "ndjson"/], // a cut UTF-8 sequence
    ["nd%C0json", /must be "ndjson"/], // an overlong encoding's lone byte
    ["%EF%BC%AE%EF%BC%A4JSON", /must be "ndjson"/], // full-width "ＮＤ"
    ["ndjson%E2%80%8B", /must be "ndjson"/], // a zero-width space after it
    ["ndjson%00", /control characters/],
  ];
  for (const [value, message] of refused) {
    expectFieldError(await get(`${INVITATIONS}?stream=${value}`), `stream=${value}`, "stream", message);
  }
  // The last value decides, as for every query of the API; a stream header does not overrule a wrong value.
  expectFieldError(
    await get(`${INVITATIONS}?stream=ndjson&stream=csv`),
    "stream=ndjson&stream=csv",
    "stream",
    /must be "ndjson"/,
  );
  expectFieldError(
    await get(`${INVITATIONS}?stream=json`, { accept: "application/x-ndjson" }),
    "stream=json with the stream's Accept",
    "stream",
    /must be "ndjson"/,
  );
  await expectStillAnswering();
});

test("Accept: the stream's type streams, alone or among others; anything else is the JSON list", async () => {
  for (const accept of [
    "application/x-ndjson",
    "APPLICATION/X-NDJSON; charset=utf-8",
    "text/html, application/json;q=0.9, application/x-ndjson;q=0.1",
  ]) {
    expectWholeStream(await get(INVITATIONS, { accept }), `Accept: ${accept}`);
  }
  for (const accept of [
    "*/*",
    "text/html",
    "application/json",
    "application/x-ndjson;q=0",
    "application/x-ndjson-seq",
    "application/x-ndjsonx, text/plain",
    "application/*",
    ",,,;;;=",
    "x".repeat(8000),
  ]) {
    expectJsonList(await get(INVITATIONS, { accept }), `Accept: ${accept.slice(0, 40)}`);
  }
  await expectStillAnswering();
});

test("a 100 kB and a 10 MB query string: 431 in the error envelope (or the connection cut), never a 500", async () => {
  for (const path of [INVITATIONS, AUDIT, LEDGER]) {
    const res = await get(`${path}?stream=ndjson&cursor=${"a".repeat(100_000)}`);
    expect(res.status, `${path}: ${res.body}`).toBe(431);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: "too_large", message: "The request's URL and headers are too large (limit 16 KB)." },
    });
  }
  // 10 MB: the server answers after its first 16 KB and closes; the client may still be sending and then
  // sees the connection reset instead of the answer. Either way nothing past the limit is read.
  const huge = await get(`${INVITATIONS}?cursor=${"%41".repeat(3_500_000)}`).catch(
    (e: NodeJS.ErrnoException) => e.code ?? String(e),
  );
  if (typeof huge === "string") expect(["ECONNRESET", "EPIPE"]).toContain(huge);
  else expect(huge.status, huge.body).toBe(431);
  // Just under the limit the request is read and the field refused as usual.
  expectFieldError(
    await get(`${AUDIT}?cursor=2026-01-01T00:00:00.000Z_${"a".repeat(12_000)}`),
    "a 12 kB cursor",
    "cursor",
    /not a cursor of this API/,
  );
  await expectStillAnswering();
});

test("a request line or header Node's parser refuses: 400 in the error envelope, and the connection closed", async () => {
  const requests = [
    `GET ${AUDIT}?cursor=a\u0001b HTTP/1.1\r\nHost: x\r\n\r\n`, // a control byte in the query
    `GET ${AUDIT}?cursor=a b HTTP/1.1\r\nHost: x\r\n\r\n`, // an unencoded space
    `GET ${INVITATIONS}?stream=ndjson HTTP/1.1\r\nHost: x\r\nAccept application/x-ndjson\r\n\r\n`,
  ];
  for (const request of requests) {
    const answer = await rawSocket(CONSOLE, request);
    const [head, body] = answer.split("\r\n\r\n");
    expect(head, JSON.stringify(request)).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(head).toMatch(/\r\nContent-Type: application\/json; charset=utf-8\r\n/);
    expect(JSON.parse(body!)).toEqual({
      error: { code: "invalid_input", message: "The request is not valid HTTP." },
    });
  }
  await expectStillAnswering();
});

test("the audit cursor: garbage, base64, odd dates and another filter's cursor are a 400 or the right page", async ({
  api,
}) => {
  // Rows to page through: two invitations of this org (and the sign-ins every run has).
  for (let i = 0; i < 2; i++) await inviteByApi(api, uniqueEmail("hostile"));
  const b64 = (s: string) => Buffer.from(s).toString("base64url");
  const refused: [string, RegExp][] = [
    ["yesterday", /^not a cursor of this API$/],
    ["!!!!", /^not a cursor of this API$/],
    [b64("\u0000\u00ff garbage"), /^not a cursor of this API$/],
    [b64('{"createdAt":"2026-01-01T00:00:00.000Z","id":"x"}'), /^not a cursor of this API$/],
    [b64("2026-01-01T00:00:00.000Z_x"), /^not a cursor of this API$/],
    ["2026-01-01T00:00:00.000Z_", /^not a cursor of this API$/],
    ["2026-01-01T00:00:00.000Z_a%20b", /^not a cursor of this API$/],
    ["+275760-09-13T00:00:00.000Z_x", /^not a cursor of this API$/],
    ["-271821-04-20T00:00:00.000Z_x", /^not a cursor of this API$/],
    ["2026-01-01_x", /^not a cursor of this API$/],
    ["0000-00-00T00:00:00.000Z_x", /its time must be a real date/],
    ["0000-01-01T00:00:00.000Z_x", /its time must be a real date/],
    ["2026-02-30T00:00:00.000Z_x", /its time must be a real date/],
    ["2026-13-01T00:00:00.000Z_x", /its time must be a real date/],
    ["2026-01-01T24:00:00.000Z_x", /its time must be a real date/],
    ["9999-12-31T23:59:59.999Z_x", /its time must be a real date/],
    ["2026-01-01T00:00:00.000Z_x%00", /control characters/],
    ["%zz", /^not a cursor of this API$/],
    ["%E0%A4%A", /^not a cursor of this API$/],
  ];
  for (const [cursor, message] of refused) {
    expectFieldError(await get(`${AUDIT}?cursor=${cursor}`), `cursor=${cursor}`, "cursor", message);
  }

  // A well-formed cursor with odd characters in its id is only a place in the log: a page, never a 500.
  for (const id of ["%F0%9F%92%A9", "%E2%80%AE%E2%80%8B", "%EF%BF%BD", "'%3B--", "%5C%25_"]) {
    const res = await get(`${AUDIT}?cursor=2026-06-01T00:00:00.000Z_${id}`);
    expect(res.status, `id ${id}: ${res.body}`).toBe(200);
    for (const row of JSON.parse(res.body).rows as { createdAt: string }[]) {
      expect(row.createdAt <= "2026-06-01T00:00:00.000Z").toBe(true);
    }
  }

  // A cursor is a place in the log, not a filter: one from the invitations' page read with another filter
  // answers that filter's rows older than it, and never a row of the first filter.
  const first = await get(`${AUDIT}?action=invitation.created&org=${ORG_ID}&pageSize=1`);
  expect(first.status, first.body).toBe(200);
  const { nextCursor, rows } = JSON.parse(first.body) as {
    nextCursor: string | null;
    rows: { createdAt: string }[];
  };
  expect(nextCursor).not.toBeNull();
  const signIns = await get(`${AUDIT}?action=auth.signed_in&cursor=${encodeURIComponent(nextCursor!)}`);
  expect(signIns.status, signIns.body).toBe(200);
  const other = JSON.parse(signIns.body) as { rows: { action: string; createdAt: string }[] };
  expect(other.rows.length).toBeGreaterThan(0); // the admin signed in before any invitation was made
  for (const row of other.rows) {
    expect(row.action).toBe("auth.signed_in");
    expect(row.createdAt <= rows[0]!.createdAt).toBe(true);
  }
  // A cursor for an org with no rows: an empty page of that org.
  const elsewhere = await get(
    `${AUDIT}?org=5f10000000000000000000ff&cursor=${encodeURIComponent(nextCursor!)}`,
  );
  expect(elsewhere.status, elsewhere.body).toBe(200);
  expect(JSON.parse(elsewhere.body)).toMatchObject({ rows: [], nextCursor: null });
  await expectStillAnswering();
});

test("audit page numbers: negative, fractional, exponent, huge and non-numbers are a 400 naming them", async () => {
  const refused: [string, string][] = [
    ["pageSize", "-1"],
    ["pageSize", "0"],
    ["pageSize", "1.5"],
    ["pageSize", "1e3"],
    ["pageSize", "201"],
    ["pageSize", "Infinity"],
    ["pageSize", "NaN"],
    ["pageSize", "1e309"],
    ["pageSize", "99999999999999999999999"],
    ["pageSize", "%20"],
    ["pageSize", "%EF%BC%91"], // full-width "１"
    ["pageSize", "5%00"],
    ["page", "-1"],
    ["page", "0.5"],
    ["page", "1e6"],
    ["page", "9007199254740993"],
    ["page", "-0"],
  ];
  for (const [field, value] of refused) {
    expectFieldError(await get(`${AUDIT}?${field}=${value}`), `${field}=${value}`, field, /./);
  }
  // Numbers JavaScript reads as whole and in range are those numbers.
  for (const [query, pageSize] of [
    ["pageSize=1e1", 10],
    ["pageSize=+3", 3],
    ["pageSize=0x4", 4],
    ["pageSize=2.0", 2],
  ] as const) {
    const res = await get(`${AUDIT}?${query}`);
    expect(res.status, `${query}: ${res.body}`).toBe(200);
    expect(JSON.parse(res.body).pageSize, query).toBe(pageSize);
  }
  await expectStillAnswering();
});

test("ledger tabs: a bad status is a 400 naming it; limit= is not a parameter and changes nothing", async () => {
  for (const status of ["PENDING", "", "pending%00", "pending%20", "%zz", "pending,accepted"]) {
    expectFieldError(
      await get(`${LEDGER}?status=${status}`),
      `status=${status}`,
      "status",
      /must be one of|control characters/,
    );
  }
  for (const limit of ["-1", "0", "1.5", "1e309", "99999999999999999999", "%00", "%zz"]) {
    const res = await get(`${LEDGER}?status=pending&limit=${limit}`);
    // A NUL is refused in any parameter, read or not (lib/server/api/with-console.ts).
    if (limit === "%00") {
      expectFieldError(res, "limit=%00", "limit", /control characters/);
      continue;
    }
    expect(res.status, `limit=${limit}: ${res.body}`).toBe(200);
    const tab = JSON.parse(res.body) as { limit: number; invitations: unknown[]; truncated: boolean };
    expect(tab.limit, `limit=${limit}`).toBe(1000);
    expect(tab.invitations.length).toBeLessThanOrEqual(1000);
  }
  await expectStillAnswering();
});
