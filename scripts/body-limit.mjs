// The request body cap of the console's HTTP server (scripts/server.mjs), applied to every path (the console's
// own API, better-auth's /api/auth/*, pages) before Next.js or any parser sees the request. Without it a single
// anonymous POST of a few hundred MB to /api/auth/sign-in/email was read whole into memory and ended the
// process (V8 heap out of memory under the 256 MB cap of scripts/server-node-args.mjs).
//
//   - A Content-Length above the cap is answered 413 at once; the body is never read into memory.
//   - A chunked body (no Content-Length) is counted as it arrives and held (at most the cap) until it is
//     complete: only then does the request go on, so a body over the cap is answered 413 before any handler
//     has started.
//   - A Content-Length within the cap goes on at once: Node's parser never delivers more than it declares.
// After a 413 the rest of the body is read and dropped for at most LINGER_MS, then the connection is cut. Not
// closing at once is on purpose: closing a socket with unread data sends a TCP reset, which can reach the
// client before it has read the 413 (it would see a network error instead); nginx's lingering_close does the same.
//
// The console's largest legitimate bodies are JSON forms, which lib/server/api/with-console.ts caps at 256 KB;
// better-auth's bodies are a few hundred bytes. A proxy in front needs its own limit too (README, Deployment;
// deploy/nginx/console.conf sets client_max_body_size to the same 1 MB).

/** The largest request body the server accepts, in bytes (1 MB). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** How long the rest of a refused body is read and dropped before the connection is cut. */
export const LINGER_MS = 5_000;

const sizeLabel = (bytes) =>
  bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MB`
    : bytes >= 1024 && bytes % 1024 === 0
      ? `${bytes / 1024} KB`
      : `${bytes} bytes`;

/**
 * An error this server answers before Next.js: in the console's error envelope, or, for the SCIM endpoint
 * (/scim/...), as a SCIM error (RFC 7644 §3.12) in application/scim+json, as identity providers expect.
 */
export function earlyError(url, status, code, message) {
  const scim = /^\/scim(\/|$|\?)/.test(url ?? "");
  return {
    body: JSON.stringify(
      scim
        ? {
            schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
            status: String(status),
            detail: message,
          }
        : { error: { code, message } },
    ),
    contentType: scim ? "application/scim+json; charset=utf-8" : "application/json; charset=utf-8",
  };
}

/** 413 in the console's error envelope; a body still arriving LINGER_MS after that answer is cut off. */
function tooLarge(req, res, { maxBytes, lingerMs }) {
  const { body, contentType } = earlyError(
    req.url,
    413,
    "too_large",
    `The request body is too large (limit ${sizeLabel(maxBytes)}).`,
  );
  res.writeHead(413, {
    "Content-Type": contentType,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Length": Buffer.byteLength(body),
  });
  // Once the answer is written, Node reads and drops what is left of the body (IncomingMessage._dump).
  res.end(body, () => {
    setTimeout(() => {
      if (!req.complete) req.socket?.destroy();
    }, lingerMs).unref();
  });
}

/**
 * Calls `next()` once the request's body is known to fit in `maxBytes`, or answers 413 and never calls it.
 * Call it synchronously from the server's request listener (before anything reads the body).
 */
export function limitBody(req, res, next, { maxBytes = MAX_BODY_BYTES, lingerMs = LINGER_MS } = {}) {
  const limits = { maxBytes, lingerMs };
  const declared = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (declared !== undefined && !chunked) {
    // Node's parser has already refused a Content-Length that is not a number.
    if (Number(declared) > maxBytes) return tooLarge(req, res, limits);
    return next();
  }
  if (!chunked) return next(); // HTTP/1.1: neither header means no body

  // The parser hands each piece of the body to req.push() (Readable's own API) and ends it with push(null):
  // held here, counted, and given to the stream only when the whole body has arrived within the cap.
  const held = [];
  let received = 0;
  let refused = false;
  req.push = function holdChunk(chunk, encoding) {
    if (refused) return true;
    if (chunk === null) {
      delete req.push; // Readable.prototype.push again
      for (const piece of held) req.push(piece);
      req.push(null);
      process.nextTick(next);
      return false;
    }
    received += typeof chunk === "string" ? Buffer.byteLength(chunk, encoding) : chunk.length;
    if (received > maxBytes) {
      refused = true;
      held.length = 0;
      tooLarge(req, res, limits);
      return true;
    }
    held.push(typeof chunk === "string" ? Buffer.from(chunk, encoding) : chunk);
    return true;
  };
}
