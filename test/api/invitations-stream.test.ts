// GET /api/orgs/{orgId}/invitations?stream=ndjson (docs/api.md, "The pending list as a stream") against the
// simulator with 1,200 extra pending invitations (three Atlas pages): the same list as the JSON answer, each
// page sent before the later ones are read, errors before the first page as ordinary answers and after it as
// the stream's last line. The format and its reading: test/invitations/list-stream.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import { parseListLine, type ListStreamChunk } from "@/lib/invitations/list-stream";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const BASE = `/api/orgs/${ORG}/invitations`;
const USERS = `/api/atlas/v2/orgs/${ORG}/users`;
const EXTRA = 1_200;

let sim: TestSim;
let headers: Record<string, string>;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
  headers = await signedInRequest("admin");
  useDefaultHeaders(headers);
});
afterAll(() => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/__sim/reset", { seed: `demo+${EXTRA}` });
  await sim.control("DELETE", "/__sim/faults");
});

const chunks = (text: string): ListStreamChunk[] =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map(parseListLine);
const rowsOf = (cs: ListStreamChunk[]) => cs.flatMap((c) => (c.kind === "rows" ? c.invitations : []));
// Project invitations come in the order their projects answered (four read at once).
const byId = <T extends { id: string }>(list: T[]) => list.slice().sort((a, b) => a.id.localeCompare(b.id));
/** Page 1 of the users list answers as usual; the calls after it get `fault`. */
const failAfterPageOne = async (fault: Record<string, unknown>) => {
  await sim.control("POST", "/__sim/faults", { method: "GET", path: USERS, delayMs: 1, times: 1 });
  await sim.control("POST", "/__sim/faults", { method: "GET", path: USERS, times: 50, ...fault });
};

describe("the streamed list", () => {
  it("is the JSON answer's list, a line per Atlas page, with the count Atlas gave first and the whole count last", async () => {
    const json = await call(invitationsRoute.GET, "GET", BASE, { params: { orgId: ORG } });
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    const streamed = await call(invitationsRoute.GET, "GET", BASE, {
      params: { orgId: ORG },
      query: "?stream=ndjson",
    });
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(streamed.headers.get("cache-control")).toBe("no-store");
    const cs = chunks(streamed.text);
    const head = cs[0]!;
    expect(head).toEqual({ kind: "head", api: "users", total: 35 + EXTRA });
    // Five pages of org invitations (500 each at most), then the legacy project invitations.
    const pages = cs.filter((c) => c.kind === "rows");
    expect(pages.map((c) => (c.kind === "rows" ? c.invitations.length : 0))).toEqual([500, 500, 235, 3]);
    expect(cs.at(-1)).toEqual({ kind: "end", count: json.body.invitations.length });
    expect(byId(rowsOf(cs))).toEqual(byId(json.body.invitations));

    // The header asks for it as well; without either the JSON answer stays (CLI, scripts).
    const byAccept = await call(invitationsRoute.GET, "GET", BASE, {
      params: { orgId: ORG },
      headers: { Accept: "application/x-ndjson" },
    });
    expect(byId(rowsOf(chunks(byAccept.text)))).toEqual(byId(json.body.invitations));
  });

  it("stream= other than ndjson is a 400 naming it, whatever Accept says; Accept alone decides by its media type", async () => {
    for (const query of ["?stream=json", "?stream=NDJSON", "?stream=", "?stream=ndjson&stream=1"]) {
      const res = await call(invitationsRoute.GET, "GET", BASE, {
        params: { orgId: ORG },
        query,
        headers: { Accept: "application/x-ndjson" },
      });
      expect(res.status, `${query}: ${res.text}`).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
      expect(res.body.error.fields.stream).toMatch(/must be "ndjson"/);
    }
    const twice = await call(invitationsRoute.GET, "GET", BASE, {
      params: { orgId: ORG },
      query: "?stream=ndjson&stream=ndjson",
    });
    expect(twice.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    for (const accept of ["application/x-ndjson;q=0", "application/x-ndjson-seq, */*"]) {
      const res = await call(invitationsRoute.GET, "GET", BASE, {
        params: { orgId: ORG },
        headers: { Accept: accept },
      });
      expect(res.status, accept).toBe(200);
      expect(res.headers.get("content-type"), accept).toMatch(/^application\/json/);
    }
  });

  it("sends page 1 while Atlas is still answering the later pages", async () => {
    // Page 1 at once; every later page held 1.5 s by the simulator.
    await sim.control("POST", "/__sim/faults", { method: "GET", path: USERS, delayMs: 1, times: 1 });
    await sim.control("POST", "/__sim/faults", { method: "GET", path: USERS, delayMs: 1500, times: 10 });
    const res = await invitationsRoute.GET(
      new Request(`http://127.0.0.1:3999${BASE}?stream=ndjson`, { headers }),
      { params: Promise.resolve({ orgId: ORG }) },
    );
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (text.split("\n").length < 3) text += (await reader.read()).value ?? "";
    const [head, first] = chunks(text.split("\n").slice(0, 2).join("\n"));
    expect(head!.kind).toBe("head");
    expect(first?.kind === "rows" && first.invitations.length).toBe(500);
    // The first page is in the browser's hands while none of the later ones has been answered yet.
    const later = (await sim.journal({ method: "GET", path: USERS })).filter((e) => e.query.pageNum !== "1");
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((e) => e.status === null)).toBe(true);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += value;
    }
    expect(chunks(text).at(-1)).toEqual({ kind: "end", count: 35 + EXTRA + 3 });
  });

  it("a page failing after the first ends the stream with the error the JSON answer gives, never with end", async () => {
    await failAfterPageOne({ status: 500 });
    const json = await call(invitationsRoute.GET, "GET", BASE, { params: { orgId: ORG } });
    expect(json.status).toBe(502);
    await sim.control("DELETE", "/__sim/faults");
    await failAfterPageOne({ status: 500 });
    const res = await call(invitationsRoute.GET, "GET", BASE, {
      params: { orgId: ORG },
      query: "?stream=ndjson",
    });
    expect(res.status).toBe(200);
    const cs = chunks(res.text);
    expect(cs.some((c) => c.kind === "end")).toBe(false);
    expect(rowsOf(cs).length).toBeLessThan(35 + EXTRA);
    expect(cs.at(-1)).toEqual({ kind: "error", status: json.status, envelope: json.body });
  });

  it("a refusal before the first page is the usual error answer with its status", async () => {
    await sim.control("POST", "/__sim/faults", { method: "GET", path: USERS, status: 500, times: 50 });
    const res = await call(invitationsRoute.GET, "GET", BASE, {
      params: { orgId: ORG },
      query: "?stream=ndjson",
    });
    expect(res.status).toBe(502);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ error: { code: "atlas_error" } });
    // No session: refused before any Atlas call, as the JSON answer is.
    const anonymous = await call(invitationsRoute.GET, "GET", BASE, {
      params: { orgId: ORG },
      query: "?stream=ndjson",
      headers: { Cookie: "" },
    });
    expect(anonymous.status).toBe(401);
  });
});
