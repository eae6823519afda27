// The request body cap of scripts/server.mjs (scripts/body-limit.mjs) on a plain node:http server: a declared
// Content-Length over the cap is answered 413 before any byte of the body is sent, a chunked body is refused
// once it passes the cap (the handler never starts; a body that keeps coming is cut off after the linger), and
// bodies within it arrive whole.
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINGER_MS, MAX_BODY_BYTES, earlyError, limitBody } from "../../scripts/body-limit.mjs";

const CAP = 64 * 1024;
let server: Server;
let port: number;
/** Requests that reached the handler, by path. */
const handled: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    limitBody(
      req,
      res,
      () => {
        handled.push(req.url ?? "");
        const hash = createHash("sha256");
        let length = 0;
        req.on("data", (c: Buffer) => {
          length += c.length;
          hash.update(c);
        });
        req.on("end", () => {
          res.writeHead(200, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ length, sha256: hash.digest("hex") }));
        });
      },
      { maxBytes: CAP, lingerMs: 200 },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Answer {
  status: number;
  body: any;
  /** Body bytes the client had written when the answer arrived. */
  sent: number;
  headers: IncomingMessage["headers"];
  /** Settles when the connection has closed (the server cut it, or the request ended). */
  closed: Promise<void>;
}

/**
 * POSTs `total` bytes in 16 KB pieces (with or without a Content-Length), writing only as fast as the socket
 * takes them; `keepSending` goes on after the answer (as a client that ignores it would) until the server cuts
 * the connection. Write errors after an answer are expected (the server cut the connection).
 */
function post(
  path: string,
  total: number,
  { declare = true, waitFirst = false, keepSending = false } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    let sentAtAnswer = 0;
    let onClose = () => {};
    const closed = new Promise<void>((r) => (onClose = r));
    const req = request({
      agent: false,
      host: "127.0.0.1",
      port,
      path,
      method: "POST",
      headers: declare ? { "Content-Length": String(total) } : { "Transfer-Encoding": "chunked" },
    });
    req.on("response", (res) => {
      answered = true;
      sentAtAnswer = sent;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(text),
          sent: sentAtAnswer,
          headers: res.headers,
          closed,
        }),
      );
    });
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    req.on("close", onClose);
    const piece = randomBytes(16 * 1024);
    const write = () => {
      while ((keepSending || !answered) && sent < total && !req.destroyed) {
        const chunk = piece.subarray(0, Math.min(piece.length, total - sent));
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered && !req.destroyed) req.end();
    };
    if (waitFirst) req.flushHeaders();
    else write();
  });
}

describe("request body cap (scripts/body-limit.mjs)", () => {
  it("is one constant of 1 MB, and a refused body is read for at most 5 s", () => {
    expect(MAX_BODY_BYTES).toBe(1024 * 1024);
    expect(LINGER_MS).toBe(5_000);
  });

  it("answers a Content-Length over the cap 413 before the body is sent, and never calls the handler", async () => {
    // The client sends only the headers: the answer comes without a single byte of the 400 MB.
    const res = await post("/declared", 400 * 1024 * 1024, { waitFirst: true });
    expect(res.status).toBe(413);
    expect(res.sent).toBe(0);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.body).toEqual({
      error: { code: "too_large", message: "The request body is too large (limit 64 KB)." },
    });
    expect(handled).not.toContain("/declared");
  });

  it("answers the SCIM endpoint's 413 as a SCIM error, in application/scim+json", async () => {
    const res = await post("/scim/v2/Users", 400 * 1024 * 1024, { waitFirst: true });
    expect(res.status).toBe(413);
    expect(res.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
    expect(res.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "413",
      detail: "The request body is too large (limit 64 KB).",
    });
    expect(handled).not.toContain("/scim/v2/Users");
    // Only /scim and below: a console path that merely starts with the letters keeps the console's envelope.
    expect(JSON.parse(earlyError("/scimitar", 400, "invalid_input", "x").body)).toEqual({
      error: { code: "invalid_input", message: "x" },
    });
    expect(earlyError("/scim?x", 400, "invalid_input", "x").contentType).toMatch(/scim\+json/);
  });

  it("refuses a chunked body once it passes the cap, before the handler starts, and cuts one that keeps coming", async () => {
    const res = await post("/chunked", Infinity, { declare: false, keepSending: true });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: "too_large" });
    expect(res.body.error.message).toMatch(/too large \(limit 64 KB\)/);
    expect(handled).not.toContain("/chunked");
    // Answered right after the cap (plus what the socket buffers held), not at the end of the body.
    expect(res.sent).toBeLessThan(CAP + 8 * 1024 * 1024);
    // An endless body ends only because the server cut the connection after its linger.
    await res.closed;
  });

  it("a declared body over the cap that keeps coming is cut off too", async () => {
    const res = await post("/declared-sent", 1024 * 1024 * 1024 * 1024, { keepSending: true });
    expect(res.status).toBe(413);
    await res.closed;
    expect(handled).not.toContain("/declared-sent");
  });

  it("passes bodies within the cap whole, chunked or declared, and requests without a body at once", async () => {
    for (const [path, declare] of [
      ["/small-declared", true],
      ["/small-chunked", false],
    ] as const) {
      const res = await post(path, CAP, { declare });
      expect(res.status, path).toBe(200);
      expect(res.body.length, path).toBe(CAP);
    }
    const get = await new Promise<number>((resolve, reject) => {
      request({ host: "127.0.0.1", port, path: "/get" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on("error", reject)
        .end();
    });
    expect(get).toBe(200);
    expect(handled).toEqual(expect.arrayContaining(["/small-declared", "/small-chunked", "/get"]));
  });

  it("keeps a chunked body's bytes and order intact", async () => {
    const body = randomBytes(CAP - 1);
    const answer = await new Promise<any>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path: "/intact",
          method: "POST",
          headers: { "Transfer-Encoding": "chunked" },
        },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => resolve(JSON.parse(text)));
        },
      );
      req.on("error", reject);
      for (let i = 0; i < body.length; i += 1000) req.write(body.subarray(i, i + 1000));
      req.end();
    });
    expect(answer).toEqual({ length: body.length, sha256: createHash("sha256").update(body).digest("hex") });
  });
});
