// A caller of better-auth's own endpoints (app/api/auth/[...all]/route.ts) with a cookie jar, for tests that
// drive sign-in, two-factor and account endpoints the way a browser or a script does: real handler, real
// database, real TOTP codes.
import * as authRoute from "@/app/api/auth/[...all]/route";
import { totp, wrongCode } from "./totp";

export { totp, wrongCode };

const ORIGIN = "http://127.0.0.1:3999";

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
