// The console's JSON API over HTTP with a personal API token. Errors become ApiError (exit code 1) with the
// console's envelope { error: { code, message, fields? } }. The token goes only into the Authorization header:
// never into a URL, a message or the --debug lines.

import { randomUUID } from "node:crypto";

const TIMEOUT_MS = 60_000;
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export class ApiError extends Error {
  constructor({ message, code = "error", status = 0, fields, envelope }) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.fields = fields;
    this.envelope = envelope;
    this.exitCode = 1;
  }
}

export const isApiError = (e) => Boolean(e) && e.name === "ApiError" && e.exitCode === 1;

async function readBody(res) {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return {
      error: {
        code: "not_json",
        message: `The console answered ${res.status} with a body that is not JSON.`,
      },
    };
  }
}

/**
 * A client for one console. `request` answers { status, data, raw }: `data` is the console's answer (the content
 * of the envelope with `envelope`), `raw` what came over the wire (the envelope itself with `envelope`).
 */
export function createClient({ url, token, envelope = false, debug = () => {}, fetchImpl = fetch }) {
  let base;
  try {
    base = new URL(url);
    if (!/^https?:$/.test(base.protocol)) throw new Error("protocol");
  } catch {
    throw new ApiError({ code: "config", message: `The console URL "${url}" is not an http(s) URL.` });
  }
  const root = base.href.replace(/\/+$/, "");

  async function request(method, path, { body, headers = {} } = {}) {
    // An id of "." or ".." (even percent-encoded) would be resolved away by the URL parser: another route.
    if (path.split("/").some((seg) => /^(\.|%2e){1,2}$/i.test(seg))) {
      throw new ApiError({ code: "invalid_input", message: `Not a valid id in ${path}.` });
    }
    const target = new URL(root + path);
    if (envelope) target.searchParams.set("envelope", "true");
    const h = { Accept: "application/json", Authorization: `Bearer ${token}`, ...headers };
    // A bearer request needs no Origin; the console's same-origin check on mutations accepts its own origin.
    if (MUTATING.has(method)) h.Origin = base.origin;
    if (body !== undefined) h["Content-Type"] = "application/json";
    const started = Date.now();
    debug(`> ${method} ${target.href}`);
    let res;
    try {
      res = await fetchImpl(target.href, {
        method,
        headers: h,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: "manual",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      const why =
        e?.name === "TimeoutError"
          ? `no answer in ${TIMEOUT_MS / 1000} s`
          : (e?.cause?.code ?? e?.message ?? "failed");
      debug(`< network error (${Date.now() - started} ms): ${why}`);
      throw new ApiError({ code: "network", message: `Could not reach the console at ${root}: ${why}.` });
    }
    debug(`< ${res.status} (${Date.now() - started} ms)`);
    if (res.status >= 300 && res.status < 400) {
      throw new ApiError({
        code: "redirect",
        status: res.status,
        message: `The console answered a redirect (${res.status}): check the console URL (${root}).`,
      });
    }
    const raw = await readBody(res);
    const data = envelope && raw && typeof raw === "object" && "content" in raw ? raw.content : raw;
    if (!res.ok) {
      const err = data?.error ?? {};
      throw new ApiError({
        code: err.code ?? `http_${res.status}`,
        status: res.status,
        message: err.message ?? `The console answered ${res.status}.`,
        fields: err.fields,
        envelope: envelope ? raw : undefined,
      });
    }
    return { status: res.status, data, raw };
  }

  return {
    get: (path) => request("GET", path),
    post: (path, body, opts = {}) => request("POST", path, { body, ...opts }),
    patch: (path, body) => request("PATCH", path, { body }),
    delete: (path, body) => request("DELETE", path, { body }),
    /** A key that makes a repeated invite the same invite. */
    idempotencyKey: () => randomUUID(),
  };
}
