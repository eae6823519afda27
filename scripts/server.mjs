#!/usr/bin/env node
// The console's HTTP server (`npm start`, `npm run demo`, the end-to-end tests): Next.js's request handler
// behind a small Node server that does what a reverse proxy does, so that route handlers can trust what they
// read whether or not a proxy is in front:
//   - X-Forwarded-For gets the socket's address appended (a client's own X-Forwarded-For stays on the left,
//     where lib/server/auth/client-ip.ts never believes it: it reads right to left past TRUSTED_PROXIES);
//   - X-Forwarded-Proto and X-Forwarded-Host are the socket's and the Host header's, unless the peer is one of
//     TRUSTED_PROXIES (then the proxy's values stand);
//   - a path whose percent-encoding does not decode (Next.js answers some of them 500), or with an encoded
//     dot segment or slash (which Next.js resolves to another route), is answered 400 here;
//   - a request body over 1 MB is answered 413 while it streams, before Next.js or any parser reads it, on
//     every path including better-auth's /api/auth/* (scripts/body-limit.mjs);
//   - a request Node's HTTP parser refuses (a URL and headers over its 16 KB limit, bad syntax) is answered in
//     the console's error envelope (431, 400) rather than Node's bare status line.
// On SIGTERM / SIGINT it stops accepting connections, lets in-flight requests finish and exits 143 / 130;
// lib/server/startup.ts holds that exit until Atlas tokens are revoked and the database is closed.
//   HOST (127.0.0.1), PORT (3000); --dev: Next.js in development mode (npm run dev).
import { STATUS_CODES, createServer, maxHeaderSize } from "node:http";
import { BlockList, isIP } from "node:net";
import { earlyError, limitBody } from "./body-limit.mjs";

const dev = process.argv.includes("--dev");
// As `next start` / `next dev` do: lib/server/env.ts decides what production requires from NODE_ENV.
process.env.NODE_ENV = dev ? "development" : "production";
const { default: next } = await import("next");
const host = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 3000);
// The only other reader of process.env is lib/server/env.ts, which validates TRUSTED_PROXIES at start-up.
const trustedProxies = (process.env.TRUSTED_PROXIES ?? "")
  .split(",")
  .map((p) => p.trim())
  .filter(Boolean);

/** The socket's address, IPv4-mapped IPv6 written as IPv4 (as lib/server/auth/client-ip.ts normalises). */
function peerAddress(socket) {
  const raw = socket.remoteAddress ?? "";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw);
  return mapped ? mapped[1] : raw;
}

function blockListOf(entries) {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

let trusted;
try {
  trusted = blockListOf(trustedProxies);
} catch {
  console.error(`TRUSTED_PROXIES: not a list of IP addresses and CIDR ranges: ${trustedProxies.join(", ")}`);
  process.exit(1);
}
const isTrusted = (address) => {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 6 ? "ipv6" : "ipv4");
};

const lastValue = (value) =>
  (Array.isArray(value) ? value.join(",") : (value ?? ""))
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean)
    .pop();

/** Sets the forwarded headers as a proxy in front of Next.js would (see the top of this file). */
function forwardHeaders(req) {
  const peer = peerAddress(req.socket);
  const fromProxy = isTrusted(peer);
  const before = req.headers["x-forwarded-for"];
  const chain = Array.isArray(before) ? before.join(", ") : before;
  req.headers["x-forwarded-for"] = chain ? `${chain}, ${peer}` : peer;
  const proto = req.socket.encrypted ? "https" : "http";
  const host = req.headers.host ?? "";
  if (!fromProxy || !req.headers["x-forwarded-proto"]) req.headers["x-forwarded-proto"] = proto;
  else req.headers["x-forwarded-proto"] = lastValue(req.headers["x-forwarded-proto"]) ?? proto;
  if (!fromProxy || !req.headers["x-forwarded-host"]) req.headers["x-forwarded-host"] = host;
  else req.headers["x-forwarded-host"] = lastValue(req.headers["x-forwarded-host"]) ?? host;
  // Next.js fills X-Forwarded-Port from its own port only when absent: a client's value must not stand.
  delete req.headers["x-forwarded-port"];
}

/**
 * True when every segment of the path (not the query) percent-decodes to a plain name: not "/%", "/orgs/%zz"
 * or a cut UTF-8 sequence, and no segment that is "." or ".." or holds a slash, a backslash or a NUL once
 * decoded ("%2e%2e", "..%2f"), which Next.js would resolve to another route. No console path needs them:
 * ids are hexadecimal, e-mails and filters travel in the query or the body.
 */
function pathIsPlain(url) {
  const path = (url ?? "/").split("?")[0];
  for (const segment of path.split("/").slice(1)) {
    let name;
    try {
      name = decodeURIComponent(segment);
    } catch {
      return false;
    }
    if (name === "." || name === ".." || /[/\\\0]/.test(name)) return false;
  }
  return true;
}

function badRequest(req, res) {
  const { body, contentType } = earlyError(
    req.url,
    400,
    "invalid_input",
    "The request path is not valid: malformed percent-encoding or an encoded dot segment or slash.",
  );
  res.writeHead(400, {
    "Content-Type": contentType,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * What Node's HTTP parser refuses before any handler runs, by its error code: answered as Node answers it
 * (node:_http_server, socketOnError), with the console's error envelope where the client sent something wrong.
 * Node's own answers have no body: a query string past the header limit (a pasted list, a 100 kB cursor) was
 * a bare 431 that a script could not tell from a proxy's.
 */
const PARSER_ERRORS = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: "too_large",
    message: `The request's URL and headers are too large (limit ${maxHeaderSize / 1024} KB).`,
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { status: 413 },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408 },
};
const NOT_HTTP = { status: 400, code: "invalid_input", message: "The request is not valid HTTP." };

function parserError(err, socket) {
  // As Node: answer only when no answer to an earlier request on this connection has started.
  if (socket.writable && !socket._httpMessage?._headerSent) {
    const { status, code, message } = PARSER_ERRORS[err.code] ?? NOT_HTTP;
    const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, "Connection: close"];
    let body = "";
    if (code) {
      const early = earlyError(undefined, status, code, message);
      body = early.body;
      head.push(
        `Content-Type: ${early.contentType}`,
        "Cache-Control: no-store",
        "X-Content-Type-Options: nosniff",
        `Content-Length: ${Buffer.byteLength(body)}`,
      );
    }
    socket.write(`${head.join("\r\n")}\r\n\r\n${body}`);
  }
  socket.destroy(err);
}

const app = next({ dev, hostname: host, port });
let handle = null;
const waiting = [];

const server = createServer((req, res) => {
  if (!pathIsPlain(req.url)) return badRequest(req, res);
  forwardHeaders(req);
  limitBody(req, res, () => {
    if (handle) return void serve(req, res);
    waiting.push(() => serve(req, res));
  });
});

async function serve(req, res) {
  try {
    await handle(req, res);
  } catch (err) {
    console.error(err);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
    res.end("Internal Server Error");
  }
}

// Registered before Next.js loads instrumentation.ts: lib/server/startup.ts sees a listener and waits for this
// one's process.exit (in-flight requests done) before it revokes tokens and closes the database.
let stopping = false;
for (const [signal, code] of [
  ["SIGTERM", 143],
  ["SIGINT", 130],
]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(() => {
      app
        .close()
        .catch((err) => console.error(err))
        .finally(() => process.exit(code));
    });
    // Idle keep-alive connections would hold server.close() open.
    server.closeIdleConnections();
  });
}

// Idle keep-alive connections stay open longer than Node's 5 s: a client (or a proxy's upstream pool, 60 s in
// nginx) that sends on a connection the server is closing at that moment gets ECONNRESET, which a POST must not
// retry. 65 s outlasts the usual idle pools; a stop still closes idle connections at once (above).
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.on("clientError", parserError);

server.on("error", (err) => {
  console.error(`The console could not listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});

server.listen(port, host, async () => {
  try {
    await app.prepare();
    handle = app.getRequestHandler();
    // Development: hot reloading talks over a WebSocket.
    if (dev) {
      const upgrade = app.getUpgradeHandler();
      server.on("upgrade", (req, socket, head) => {
        if (!pathIsPlain(req.url)) return socket.destroy();
        forwardHeaders(req);
        upgrade(req, socket, head);
      });
    }
    for (const go of waiting.splice(0)) go();
    console.log(`Invite Console listening on http://${host.includes(":") ? `[${host}]` : host}:${port}`);
  } catch (err) {
    console.error(err);
    process.exit(1);
  }
});
