import { randomBytes } from "node:crypto";
import type { Clock } from "./clock";
import type { ServiceAccount, SimState } from "./state";

export interface AccessToken {
  token: string;
  clientId: string;
  issuedMs: number;
  expiresMs: number;
  revoked: boolean;
}

export interface OAuthAnswer {
  status: number;
  body: Record<string, unknown> | null;
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/**
 * Parses `Authorization: Basic base64(clientId:clientSecret)` the way Atlas does: the decoded text is split at the
 * first colon and compared as is (no URL-decoding; the MCP server notes that percent-encoding `_` breaks Atlas).
 */
export function parseBasic(header: string | undefined): { clientId: string; clientSecret: string } | null {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

export class TokenService {
  private tokens = new Map<string, AccessToken>();
  tokensIssued = 0;

  constructor(
    private state: SimState,
    private clock: Clock,
    private readonly lifetimeSeconds: number,
    private readonly maxLiveTokens: number,
  ) {}

  /** After a reset: keep the issued tokens, answer from the new state and clock. */
  rebind(state: SimState, clock: Clock): void {
    this.state = state;
    this.clock = clock;
  }

  private authenticate(authorization: string | undefined): ServiceAccount | null {
    const creds = parseBasic(authorization);
    if (!creds) return null;
    const sa = this.state.serviceAccounts.get(creds.clientId);
    return sa && sa.clientSecret === creds.clientSecret ? sa : null;
  }

  liveTokens(clientId?: string): number {
    const now = this.clock.now();
    let n = 0;
    for (const t of this.tokens.values()) {
      if (!t.revoked && t.expiresMs > now && (!clientId || t.clientId === clientId)) n++;
    }
    return n;
  }

  /** POST /api/oauth/token */
  issue(authorization: string | undefined, form: URLSearchParams): OAuthAnswer {
    const sa = this.authenticate(authorization);
    if (!sa) {
      return {
        status: 401,
        body: { error: "invalid_client", error_description: "Invalid client credentials." },
      };
    }
    const grantType = form.get("grant_type");
    if (!grantType) {
      return { status: 400, body: { error: "invalid_request", error_description: "Missing grant_type." } };
    }
    if (grantType !== "client_credentials") {
      return {
        status: 400,
        body: { error: "unsupported_grant_type", error_description: `Unsupported grant_type ${grantType}.` },
      };
    }
    if (this.liveTokens(sa.clientId) >= this.maxLiveTokens) {
      return {
        status: 403,
        body: {
          error: "access_denied",
          error_description:
            "Access Token limit reached. Please use the existing Access Tokens or create a new Service Account.",
        },
      };
    }
    this.pruneExpired();
    const now = this.clock.now();
    const iat = Math.floor(now / 1000);
    const payload = {
      sub: sa.clientId,
      iat,
      exp: iat + this.lifetimeSeconds,
      jti: randomBytes(12).toString("hex"),
    };
    const token = `${b64url(JSON.stringify({ alg: "RS256", typ: "JWT" }))}.${b64url(JSON.stringify(payload))}.${b64url(
      randomBytes(32),
    )}`;
    this.tokens.set(token, {
      token,
      clientId: sa.clientId,
      issuedMs: now,
      expiresMs: now + this.lifetimeSeconds * 1000,
      revoked: false,
    });
    this.tokensIssued++;
    return {
      status: 200,
      body: { access_token: token, expires_in: this.lifetimeSeconds, token_type: "Bearer" },
    };
  }

  /** POST /api/oauth/revoke: 200 whether or not the token was known (RFC 7009). */
  revoke(authorization: string | undefined, form: URLSearchParams): OAuthAnswer {
    const sa = this.authenticate(authorization);
    if (!sa) {
      return {
        status: 401,
        body: { error: "invalid_client", error_description: "Invalid client credentials." },
      };
    }
    const token = form.get("token");
    if (!token)
      return { status: 400, body: { error: "invalid_request", error_description: "Missing token." } };
    const t = this.tokens.get(token);
    if (t && t.clientId === sa.clientId) t.revoked = true;
    return { status: 200, body: null };
  }

  /** The service account behind `Authorization: Bearer …`, or null for a missing, unknown, expired or revoked one. */
  bearer(authorization: string | undefined): ServiceAccount | null {
    const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    const t = match?.[1] ? this.tokens.get(match[1]) : undefined;
    if (!t || t.revoked || t.expiresMs <= this.clock.now()) return null;
    return this.state.serviceAccounts.get(t.clientId) ?? null;
  }

  private pruneExpired(): void {
    const now = this.clock.now();
    for (const [k, t] of this.tokens) if (t.expiresMs <= now - 3600_000) this.tokens.delete(k);
  }

  reset(): void {
    this.tokens.clear();
    this.tokensIssued = 0;
  }
}
