// A caller of better-auth's own endpoints (app/api/auth/[...all]/route.ts) with a cookie jar, for tests that
// drive sign-in, two-factor and account endpoints the way a browser or a script does: real handler, real
// database, real TOTP codes.
import { createHmac } from "node:crypto";
import * as authRoute from "@/app/api/auth/[...all]/route";

const ORIGIN = "http://127.0.0.1:3999";

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) from a base32 secret (the `secret` of an otpauth:// URI). */
export function totp(secretBase32: string, at = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of secretBase32.replace(/=+$/, "").toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    bits += v.toString(2).padStart(5, "0");
  }
  const bytes = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac("sha1", bytes).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, "0");
}

/** A six-digit code that is not valid around now for `secret` (TOTP accepts the neighbouring windows too). */
export function wrongCode(secretBase32: string): string {
  const valid = new Set([-30_000, 0, 30_000].map((d) => totp(secretBase32, Date.now() + d)));
  for (let n = 0; ; n++) {
    const code = String(123_456 + n * 7919)
      .padStart(6, "0")
      .slice(-6);
    if (!valid.has(code)) return code;
  }
}

export interface AuthAnswer {
  status: number;
  body: any;
  headers: Headers;
}

/** One caller: its cookies persist across calls like a browser's. */
export class AuthClient {
  readonly cookies = new Map<string, string>();

  /** The address the caller comes from (X-Forwarded-For; change it to spread calls over addresses). */
  constructor(public ip = "198.51.100.20") {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(method: "GET" | "POST", path: string, body?: unknown): Promise<AuthAnswer> {
    const headers: Record<string, string> = {
      Origin: ORIGIN,
      Host: new URL(ORIGIN).host,
      "X-Forwarded-For": this.ip,
      "User-Agent": "vitest",
    };
    const cookie = this.cookieHeader();
    if (cookie) headers.Cookie = cookie;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const req = new Request(`${ORIGIN}/api/auth${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const res = await (method === "GET" ? authRoute.GET : authRoute.POST)(req);
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  post(path: string, body: unknown = {}): Promise<AuthAnswer> {
    return this.request("POST", path, body);
  }

  get(path: string): Promise<AuthAnswer> {
    return this.request("GET", path);
  }
}

/** The base32 secret of an otpauth:// URI (what /two-factor/enable answers). */
export function secretOf(totpURI: string): string {
  return new URL(totpURI).searchParams.get("secret")!;
}
