// The pending list's stream format and its reading in the browser (lib/invitations/list-stream.ts,
// lib/api-client/invitations/list-stream.ts): compact rows round-trip, pages merge in order with their progress,
// and a list that failed or was cut part-way never ends as a whole list. The route itself against the
// simulator: test/api/invitations-stream.test.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPendingList } from "@/lib/api-client/invitations/list-stream";
import {
  acceptsListStream,
  fromCompactRow,
  isComplete,
  listStreamLines,
  mergeListChunk,
  parseListLine,
  ROW_REQUIRED_FIELDS,
  toCompactRow,
  type StreamedList,
} from "@/lib/invitations/list-stream";
import { invitationSchema, type Invitation } from "@/lib/schemas/invitations";

const inv = (n: number, extra: Partial<Invitation> = {}): Invitation => ({
  id: `5f40000000000000000${String(n).padStart(5, "0")}`,
  source: "users",
  email: `person-${n}@example.com`,
  orgRoles: ["ORG_MEMBER"],
  teamIds: [],
  projectRoles: [],
  inviter: "admin@example.com",
  createdAt: "2026-12-01T10:00:00Z",
  expiresAt: "2027-01-01T10:00:00Z",
  ...extra,
});

/** A body that delivers `text` in pieces of `size` characters (lines cut anywhere), then ends. */
function body(text: string, size = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

/** A body that delivers `text`, then fails as a cut connection does. */
function cutBody(text: string): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (sent) return controller.error(new TypeError("network error"));
      controller.enqueue(new TextEncoder().encode(text));
      sent = true;
    },
  });
}

async function readAll(stream: ReadableStream<Uint8Array>) {
  const seen: StreamedList[] = [];
  try {
    for await (const list of readPendingList(stream)) seen.push(list);
    return { seen, error: null };
  } catch (error) {
    return { seen, error: error as { code: string; status: number; message: string; retryAfter?: number } };
  }
}

const page1 = [
  inv(1),
  inv(2, { source: "users", invitedByConsoleUser: "ana@console.test", invitedVia: "renewed" }),
];
const page2 = [
  inv(3, {
    source: "project",
    orgRoles: [],
    projectRoles: [{ projectId: "5f3000000000000000000001", roles: ["GROUP_READ_ONLY", "GROUP_OWNER"] }],
    inviter: null,
    expiresAt: null,
    firstInvitedBy: "Onboarding bot",
    invitedByConnection: "Onboarding bot",
  }),
];

describe("compact rows", () => {
  it("round-trip every field the JSON answer has, optional ones only when set", () => {
    for (const i of [...page1, ...page2])
      expect(fromCompactRow(JSON.parse(JSON.stringify(toCompactRow(i))))).toEqual(i);
    // No names repeated per row, trailing absent fields left off.
    expect(toCompactRow(inv(1))).toHaveLength(9);
  });

  it("round-trip any invitation the API's schema allows", () => {
    const text = fc.string({ maxLength: 12 });
    const arb = fc.record(
      {
        id: fc.constantFrom("5f4000000000000000000001", "abcdef0123456789abcdef01"),
        source: fc.constantFrom("users", "invitations", "project"),
        email: text,
        orgRoles: fc.array(text, { maxLength: 3 }),
        teamIds: fc.array(text, { maxLength: 3 }),
        projectRoles: fc.array(fc.record({ projectId: text, roles: fc.array(text, { maxLength: 2 }) }), {
          maxLength: 2,
        }),
        inviter: fc.option(text, { nil: null }),
        createdAt: text,
        expiresAt: fc.option(text, { nil: null }),
        invitedByConsoleUser: text,
        invitedByConnection: text,
        invitedVia: fc.constantFrom("invited", "renewed", "reinvited", "account", "migrated"),
        firstInvitedBy: text,
      },
      {
        requiredKeys: [...ROW_REQUIRED_FIELDS],
      },
    );
    fc.assert(
      fc.property(arb, (i) => {
        const parsed = invitationSchema.parse(i);
        expect(fromCompactRow(JSON.parse(JSON.stringify(toCompactRow(parsed))))).toEqual(parsed);
      }),
    );
  });

  it("refuse what is not a row the console writes", () => {
    const good = toCompactRow(inv(1));
    for (const bad of [
      null,
      {},
      good.slice(0, 8),
      [1, ...good.slice(1)],
      [good[0], "elsewhere", ...good.slice(2)],
      [...good.slice(0, 3), "ORG_MEMBER", ...good.slice(4)],
      [...good.slice(0, 5), [["p", "GROUP_OWNER"]], ...good.slice(6)],
      [...good, null, null, "invented"],
    ]) {
      expect(() => fromCompactRow(bad)).toThrow();
    }
  });
});

describe("asking for the stream by Accept", () => {
  it("takes the stream's own media type, alone or among others, in any case and with parameters", () => {
    for (const accept of [
      "application/x-ndjson",
      "Application/X-NDJSON",
      "application/json, application/x-ndjson",
      " application/x-ndjson ; charset=utf-8 ",
      "application/x-ndjson;q=0.5, */*;q=0.1",
    ]) {
      expect(acceptsListStream(accept), accept).toBe(true);
    }
  });

  it("not a type that only starts with it, a refusal (q=0), a wildcard, or no header", () => {
    for (const accept of [
      null,
      "",
      "*/*",
      "application/*",
      "application/json",
      "application/x-ndjson-seq",
      "text/application/x-ndjson",
      "application/x-ndjson;q=0",
      "application/x-ndjson; q=0.000",
      "application/x-ndjson;q=nonsense",
    ]) {
      expect(acceptsListStream(accept), String(accept)).toBe(false);
    }
  });
});

describe("merging the stream's lines", () => {
  it("shows each page as it comes with how many are in, and the whole list only after the end line", () => {
    let list = mergeListChunk(undefined, parseListLine(listStreamLines.head("users", 3)));
    expect(list).toEqual({ api: "users", invitations: [], progress: { loaded: 0, total: 3 } });
    list = mergeListChunk(list, parseListLine(listStreamLines.rows(page1)));
    expect(list.progress).toEqual({ loaded: 2, total: 3 });
    expect(isComplete(list)).toBe(false);
    list = mergeListChunk(list, parseListLine(listStreamLines.rows(page2)));
    list = mergeListChunk(list, parseListLine(listStreamLines.end(3)));
    expect(isComplete(list)).toBe(true);
    expect(list).toEqual({ api: "users", invitations: [...page1, ...page2] });
  });

  it("counts past Atlas's total when the list grew while it was read", () => {
    let list = mergeListChunk(undefined, parseListLine(listStreamLines.head("invitations", 1)));
    list = mergeListChunk(list, parseListLine(listStreamLines.rows(page1)));
    expect(list.progress).toEqual({ loaded: 2, total: 2 });
  });

  it("never calls a list whole when the end line's count differs from the rows received", () => {
    let list = mergeListChunk(undefined, parseListLine(listStreamLines.head("users", 3)));
    list = mergeListChunk(list, parseListLine(listStreamLines.rows(page1)));
    expect(() => mergeListChunk(list, parseListLine(listStreamLines.end(3)))).toThrow();
  });
});

describe("reading the stream (the browser)", () => {
  const whole =
    listStreamLines.head("users", 3) +
    listStreamLines.rows(page1) +
    listStreamLines.rows(page2) +
    listStreamLines.end(3);

  it("yields the first page, then the list with both pages, then the whole list, whatever the chunking", async () => {
    for (const size of [1, 5, 64, 100_000]) {
      const { seen, error } = await readAll(body(whole, size));
      expect(error).toBeNull();
      expect(seen.map((l) => l.progress ?? "whole")).toEqual([
        { loaded: 2, total: 3 },
        { loaded: 3, total: 3 },
        "whole",
      ]);
      expect(seen.at(-1)!.invitations).toEqual([...page1, ...page2]);
    }
  });

  it("hands the first page over before reading the rest of a body that is already all there", async () => {
    // The page can render the first page in between: a task queued when it came runs before the next list.
    let between = false;
    const lists: boolean[] = [];
    for await (const _list of readPendingList(body(whole, 100_000))) {
      lists.push(between);
      if (lists.length === 1) setTimeout(() => (between = true), 0);
    }
    expect(lists).toEqual([false, true, true]);
  });

  it("an empty org: nothing half-shown, the empty list once it is whole", async () => {
    const { seen } = await readAll(
      body(listStreamLines.head("users", 0) + listStreamLines.rows([]) + listStreamLines.end(0)),
    );
    expect(seen).toEqual([{ api: "users", invitations: [] }]);
  });

  it("a failure line after the first page ends it with that error (code, status, Retry-After), not a list", async () => {
    const failed =
      listStreamLines.head("users", 3) +
      listStreamLines.rows(page1) +
      listStreamLines.error(503, {
        error: { code: "atlas_rate_limited", message: "Atlas is limiting this console.", retryAfter: 30 },
      });
    const { seen, error } = await readAll(body(failed));
    expect(seen.every((l) => !isComplete(l))).toBe(true);
    expect(error).toMatchObject({ code: "atlas_rate_limited", status: 503, retryAfter: 30 });
  });

  it("a cut connection, or a stream that stops without its end line, is an error", async () => {
    const start = listStreamLines.head("users", 3) + listStreamLines.rows(page1);
    for (const stream of [cutBody(start), body(start)]) {
      const { seen, error } = await readAll(stream);
      expect(seen).toHaveLength(1);
      expect(isComplete(seen[0])).toBe(false);
      expect(error).toMatchObject({ code: "internal", message: expect.stringMatching(/before its end/) });
    }
  });

  it("a line that is not the console's (a proxy's page, a bad row) is an error", async () => {
    for (const text of [
      "<html>bad gateway</html>\n",
      `${listStreamLines.head("users", 1)}{"rows":[[1]]}\n`,
    ]) {
      const { error } = await readAll(body(text));
      expect(error).toMatchObject({ code: "internal", message: expect.stringMatching(/unexpected/) });
    }
  });
});
