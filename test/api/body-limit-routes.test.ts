// withConsole reads a console route's JSON body with a streaming limit (lib/server/api/with-console.ts): a body
// over 256 KB is refused 413 after at most that much has been read, never read whole first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as usersRoute from "@/app/api/users/route";
import type { TestSim } from "@/sim/test/support/sim";
import { consoleAgainstSimulator } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORIGIN = "http://127.0.0.1:3999";
const LIMIT = 256 * 1024;
const CHUNK = 16 * 1024;

let sim: TestSim;
let headers: Record<string, string>;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
  headers = await signedInRequest("admin");
});
afterAll(() => sim.close());

/** A JSON-looking body of `total` bytes made on demand; `pulled` counts what the handler has read. */
function streamedBody(total: number) {
  const state = { pulled: 0 };
  const piece = new TextEncoder().encode(" ".repeat(CHUNK));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      state.pulled += piece.byteLength;
      controller.enqueue(piece);
    },
  });
  return { stream, state };
}

async function post(body: ReadableStream<Uint8Array> | string, extra: Record<string, string> = {}) {
  const req = new Request(`${ORIGIN}/api/users`, {
    method: "POST",
    headers: {
      Origin: ORIGIN,
      "Sec-Fetch-Site": "same-origin",
      "Content-Type": "application/json",
      ...headers,
      ...extra,
    },
    body,
    duplex: "half",
  } as RequestInit);
  const res = await usersRoute.POST(req, { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } };
}

describe("console JSON bodies are read with a streaming limit", () => {
  it("a 10 MB body is refused 413 after about 256 KB has been read", async () => {
    const { stream, state } = streamedBody(10 * 1024 * 1024);
    const res = await post(stream);
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({
      code: "too_large",
      message: "The request body is too large (limit 256 KB).",
    });
    // The reader stopped at the limit (the stream may have one piece queued ahead).
    expect(state.pulled).toBeLessThanOrEqual(LIMIT + 2 * CHUNK);
  });

  it("a declared Content-Length over the limit is refused without reading", async () => {
    const { stream, state } = streamedBody(10 * 1024 * 1024);
    const res = await post(stream, { "Content-Length": String(10 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(state.pulled).toBeLessThanOrEqual(2 * CHUNK);
  });

  it("a body just within the limit is read and validated as usual", async () => {
    const json = JSON.stringify({ email: "not an address", role: "viewer" });
    const res = await post(json + " ".repeat(LIMIT - json.length));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_input");
    expect((res.body.error as { fields?: Record<string, string> }).fields).toHaveProperty("email");
  });
});
