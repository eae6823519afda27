import "server-only";
import { AtlasHttp } from "./http";
import type { AtlasAnswer, AtlasRequest } from "./http";
import type { TemplateName } from "./templates";

// A background reader's view of one connection (the invitation ledger's sync, lib/server/ledger/sync.ts):
// the same token and templates as the console's client, but it never waits in place on a 429 (the job is
// retried after Retry-After instead), and it keeps the Ratelimit-Remaining Atlas sends per template, so that
// it stops before it spends the budget that invites and cancels of the same org need.

const BUDGET_LOW_BRAND = "invite-console/AtlasBudgetLow";

/** Thrown before a call whose endpoint set has too little budget left; classify with `isAtlasBudgetLow`. */
class AtlasBudgetLow extends Error {
  readonly brand = BUDGET_LOW_BRAND;
  constructor(
    readonly template: TemplateName,
    readonly remaining: number,
    readonly limit: number | null,
  ) {
    super(
      `paused: Atlas's rate-limit budget for ${template} is low (${remaining}` +
        `${limit === null ? "" : ` of ${limit}`} left); the next run continues`,
    );
    this.name = "AtlasBudgetLow";
  }
}

export function isAtlasBudgetLow(e: unknown): e is AtlasBudgetLow {
  return typeof e === "object" && e !== null && (e as { brand?: unknown }).brand === BUDGET_LOW_BRAND;
}

/** The part of a budget a reader leaves to everyone else: 10 % of the limit, at least 5 calls. */
function reserveOf(limit: number | null): number {
  return Math.max(5, Math.ceil((limit ?? 0) / 10));
}

function headerInt(headers: Headers, name: string): number | null {
  const v = headers.get(name);
  return v !== null && /^\d+$/.test(v.trim()) ? Number(v.trim()) : null;
}

export class MeteredAtlasHttp extends AtlasHttp {
  /** Atlas answers received (every attempt, retries included). */
  calls = 0;
  /** The lowest Ratelimit-Remaining seen. */
  lowestRemaining: number | null = null;
  /** Atlas's own clock: the latest Date header it sent (ms), null before any answer. */
  atlasNow: number | null = null;
  private readonly budget = new Map<TemplateName, { remaining: number; limit: number | null }>();

  constructor(base: AtlasHttp) {
    super(base.conn, base.tokens, {
      retry: { idempotentRetries: 1, maxWaitSeconds: 0, baseDelayMs: base.retry.baseDelayMs },
    });
  }

  override send<T>(req: AtlasRequest<T>): Promise<AtlasAnswer<T>> {
    const known = this.budget.get(req.template);
    if (known && known.remaining <= reserveOf(known.limit)) {
      throw new AtlasBudgetLow(req.template, known.remaining, known.limit);
    }
    return super.send({
      ...req,
      onResponse: (status, headers) => {
        this.calls++;
        const date = Date.parse(headers.get("date") ?? "");
        if (!Number.isNaN(date)) this.atlasNow = Math.max(this.atlasNow ?? 0, date);
        const remaining = headerInt(headers, "ratelimit-remaining");
        if (remaining !== null) {
          this.budget.set(req.template, { remaining, limit: headerInt(headers, "ratelimit-limit") });
          this.lowestRemaining =
            this.lowestRemaining === null ? remaining : Math.min(this.lowestRemaining, remaining);
        }
        req.onResponse?.(status, headers);
      },
    });
  }
}
