import type { EndpointSetName, RateLimitSetting } from "./seed-types";

export const DEFAULT_RATE_LIMITS: Record<EndpointSetName, RateLimitSetting> = {
  orgs: { capacity: 300 },
  org: { capacity: 500 },
  orgUsers: { capacity: 500 },
  orgTeams: { capacity: 1200 },
  orgGroups: { capacity: 1200 },
  groups: { capacity: 1200 },
  groupInvites: { capacity: 1200 },
  users: { capacity: 2500 },
  rateLimits: { capacity: 100 },
  oauth: { capacity: 500 },
  other: { capacity: 100 },
};

interface Bucket {
  tokens: number;
  lastRefillMs: number;
}

/** One applied setting as listRateLimits shows it: `defaultValue` only when the seed overrides the default. */
export interface AppliedValue {
  value: number;
  defaultValue?: number;
}

export interface AppliedSetting {
  capacity: AppliedValue;
  refillRate: AppliedValue;
  refillDurationSeconds: AppliedValue;
}

const withDefaults = (s: RateLimitSetting) => ({
  capacity: s.capacity,
  refillRate: s.refillRate ?? s.capacity,
  refillDurationSeconds: s.refillDurationSeconds ?? 60,
});

export interface BucketState {
  limit: number;
  remaining: number;
  /** Seconds until the next refill when empty. */
  retryAfter: number;
  allowed: boolean;
  refillRate: number;
  refillDurationSeconds: number;
}

/** Token buckets per endpoint set and scope key (org id, project id or client id); refilled in whole steps. */
export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(private readonly settings: Record<EndpointSetName, RateLimitSetting>) {}

  static withOverrides(overrides: Partial<Record<EndpointSetName, RateLimitSetting>> = {}): RateLimiter {
    return new RateLimiter({ ...DEFAULT_RATE_LIMITS, ...overrides });
  }

  private setting(set: EndpointSetName) {
    return withDefaults(this.settings[set]);
  }

  /** The setting in force and, where it differs, the built-in default (the seed's override plays Atlas's per-entity override). */
  applied(set: EndpointSetName): AppliedSetting {
    const s = this.setting(set);
    const d = withDefaults(DEFAULT_RATE_LIMITS[set]);
    const one = (value: number, def: number): AppliedValue =>
      value === def ? { value } : { value, defaultValue: def };
    return {
      capacity: one(s.capacity, d.capacity),
      refillRate: one(s.refillRate, d.refillRate),
      refillDurationSeconds: one(s.refillDurationSeconds, d.refillDurationSeconds),
    };
  }

  private bucket(set: EndpointSetName, scope: string, nowMs: number): Bucket {
    const s = this.setting(set);
    const key = `${set}\u0000${scope}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: s.capacity, lastRefillMs: nowMs };
      this.buckets.set(key, b);
    }
    const periodMs = s.refillDurationSeconds * 1000;
    const periods = Math.floor((nowMs - b.lastRefillMs) / periodMs);
    if (periods > 0) {
      b.tokens = Math.min(s.capacity, b.tokens + periods * s.refillRate);
      b.lastRefillMs += periods * periodMs;
    }
    return b;
  }

  /** Takes one token if there is one. */
  take(set: EndpointSetName, scope: string, nowMs: number): BucketState {
    const s = this.setting(set);
    const b = this.bucket(set, scope, nowMs);
    const allowed = b.tokens >= 1;
    if (allowed) b.tokens -= 1;
    const retryAfter = allowed
      ? 0
      : Math.max(1, Math.ceil((b.lastRefillMs + s.refillDurationSeconds * 1000 - nowMs) / 1000));
    return {
      limit: s.capacity,
      remaining: Math.floor(b.tokens),
      retryAfter,
      allowed,
      refillRate: s.refillRate,
      refillDurationSeconds: s.refillDurationSeconds,
    };
  }

  /** Current state without taking a token (for answers that never reached the endpoint). */
  peek(set: EndpointSetName, scope: string, nowMs: number): BucketState {
    const s = this.setting(set);
    const b = this.bucket(set, scope, nowMs);
    return {
      limit: s.capacity,
      remaining: Math.floor(b.tokens),
      retryAfter: 0,
      allowed: b.tokens >= 1,
      refillRate: s.refillRate,
      refillDurationSeconds: s.refillDurationSeconds,
    };
  }

  reset(): void {
    this.buckets.clear();
  }
}
