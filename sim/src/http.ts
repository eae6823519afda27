import type { IncomingMessage, ServerResponse } from "node:http";
import { sortKeysDeep } from "./util";

const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export interface SendOptions {
  pretty?: boolean;
  /** The simulated clock (ms): Atlas's Date header is its own now, which the simulator's clock stands for. */
  now?: number;
}

/** Writes a JSON answer with Atlas' key order (alphabetical). `body === undefined` sends no body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
  opts: SendOptions = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text =
    body === undefined ? "" : JSON.stringify(sortKeysDeep(body), null, opts.pretty ? 2 : undefined);
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  // Atlas's Date is its own now: the simulated clock when the caller gives it (sim/src/simulator.ts sets it
  // early too, for answers that do not pass through here); otherwise a Date already set is kept.
  const hasDate = typeof res.hasHeader === "function" && res.hasHeader("Date");
  if (opts.now !== undefined) res.setHeader("Date", new Date(opts.now).toUTCString());
  else if (!hasDate) res.setHeader("Date", new Date().toUTCString());
  if (body !== undefined) res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(body === undefined ? undefined : text);
}

export function queryObject(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const all = query.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/** Request headers for the journal: lower-case names; Authorization reduced to its scheme. */
export function journalHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(", ") : v;
    out[k] = k === "authorization" ? (value.split(/\s+/)[0] ?? "") : value;
  }
  return out;
}

const SECRET_FORM_FIELDS = new Set(["token", "client_secret", "password"]);

/** The request body as the journal shows it: JSON parsed, forms as objects with secrets redacted. */
export function journalBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return null;
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    const out: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(raw)) out[k] = SECRET_FORM_FIELDS.has(k) ? "[redacted]" : v;
    return out;
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && "password" in parsed) {
      return { ...(parsed as Record<string, unknown>), password: "[redacted]" };
    }
    return parsed;
  } catch {
    return raw.length > 10_000 ? `${raw.slice(0, 10_000)}…` : raw;
  }
}
