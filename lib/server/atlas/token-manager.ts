import "server-only";
import type { AtlasConnection } from "./connection";
import { AtlasError } from "./errors";

const REFRESH_MARGIN_MS = 10 * 60_000;

export interface TokenManagerOptions {
  now?: () => number;
  fetch?: typeof fetch;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * One cached OAuth token per connection: refreshed 10 minutes before expiry, one refresh in flight, and a
 * back-off after the token endpoint refuses (Atlas allows 100 live tokens per service account; a storm of
 * token requests would lock the account out for up to an hour).
 */
export class TokenManager {
  private cached: CachedToken | null = null;
  private inflight: Promise<string> | null = null;
  private failure: { error: AtlasError; until: number } | null = null;
  tokenRequests = 0;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;

  constructor(
    private readonly conn: AtlasConnection,
    opts: TokenManagerOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.fetchImpl = opts.fetch ?? fetch;
  }

  private basic(): string {
    // Atlas compares the decoded client id and secret as they are: no percent-encoding (MCP server note).
    return `Basic ${Buffer.from(`${this.conn.clientId}:${this.conn.clientSecret}`).toString("base64")}`;
  }

  async token(): Promise<string> {
    const now = this.now();
    if (this.cached && now < this.cached.expiresAt - REFRESH_MARGIN_MS) return this.cached.token;
    if (this.failure && now < this.failure.until) throw this.failure.error;
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** After Atlas answered 401 to this token: drop it so the next call fetches a new one. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = null;
  }

  private async fetchToken(): Promise<string> {
    this.tokenRequests++;
    const started = this.now();
    let res: Response;
    try {
      res = await this.fetchImpl(new URL("/api/oauth/token", this.conn.baseUrl), {
        method: "POST",
        headers: {
          Authorization: this.basic(),
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/json",
        },
        body: "grant_type=client_credentials",
        redirect: "error",
        signal: AbortSignal.timeout(this.conn.timeoutMs),
      });
    } catch (e) {
      const timeout = (e as Error).name === "TimeoutError";
      throw this.fail(AtlasError.unreachable({ timeout }), 2_000);
    }
    const body = (await res.json().catch(() => null)) as {
      access_token?: unknown;
      expires_in?: unknown;
      error?: unknown;
      error_description?: unknown;
    } | null;
    if (res.status === 200 && typeof body?.access_token === "string") {
      const lifetime = typeof body.expires_in === "number" ? body.expires_in : 3600;
      this.cached = { token: body.access_token, expiresAt: started + lifetime * 1000 };
      this.failure = null;
      return body.access_token;
    }
    const code = typeof body?.error === "string" ? body.error : null;
    const detail = typeof body?.error_description === "string" ? body.error_description : null;
    if (res.status === 401 || code === "invalid_client") {
      throw this.fail(
        AtlasError.token({
          message: "Atlas rejected the credentials",
          status: 401,
          errorCode: code,
          detail,
        }),
        10_000,
      );
    }
    if (res.status === 403) {
      // access_denied: the 100 live-token limit; back off instead of hammering the endpoint.
      throw this.fail(
        AtlasError.token({
          message: "Atlas refused a new access token",
          status: 403,
          errorCode: code,
          detail,
        }),
        60_000,
      );
    }
    throw this.fail(
      AtlasError.token({
        message: `Atlas token endpoint answered ${res.status}`,
        status: res.status,
        errorCode: code,
        detail,
      }),
      res.status === 429 ? 30_000 : 2_000,
    );
  }

  private fail(error: AtlasError, backoffMs: number): AtlasError {
    this.failure = { error, until: this.now() + backoffMs };
    return error;
  }

  /** Best-effort revoke of the cached token (graceful stop). */
  async revoke(): Promise<void> {
    const cached = this.cached;
    this.cached = null;
    if (!cached) return;
    await this.fetchImpl(new URL("/api/oauth/revoke", this.conn.baseUrl), {
      method: "POST",
      headers: { Authorization: this.basic(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: cached.token, token_type_hint: "access_token" }).toString(),
      redirect: "error",
      signal: AbortSignal.timeout(5_000),
    }).catch(() => undefined);
  }
}
