import "server-only";
import { findInvalidTrustedProxies } from "@better-auth/core/utils/ip";
import { CronExpressionParser } from "cron-parser";
import { z } from "zod";
import { ROLES } from "@/lib/permissions";
import { INVITES_APIS } from "@/lib/schemas/connections";
import { checkBaseUrl } from "./atlas/connection";

// The only reader of process.env: parsed once, typed, with messages that name the variable.

/**
 * http:// or https:// with a host. Not z.httpUrl(): it wants a dotted domain, and localhost or an IP address
 * is a fine console origin or webhook (tests, a receiver on the same host).
 */
const httpUrl = (error: string) => z.url({ protocol: z.regexes.httpProtocol, hostname: /./, error });
const WEBHOOK_URL_RULE = "must be an http:// or https:// URL without credentials";
const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    ATLAS_BASE_URL: z.string().default("https://cloud.mongodb.com"),
    ATLAS_CLIENT_ID: z
      .string()
      .regex(/^mdb_sa_id_[a-fA-F0-9]{24}$/, "must look like mdb_sa_id_ followed by 24 hex characters")
      .optional(),
    ATLAS_CLIENT_SECRET: z.string().min(1).optional(),
    ATLAS_INVITES_API: z.enum(INVITES_APIS).default("users"),
    ATLAS_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(15_000),
    ATLAS_CONNECTION_NAME: z.string().max(80).default("Atlas (from environment)"),
    /** How long connections and org routes are reused between requests (lib/server/connections/routing-cache.ts). */
    ROUTING_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
    CONSOLE_DEMO: z.enum(["0", "1"]).default("0"),
    /** Demo mode only: the demo admin's password (generated and printed when unset). */
    CONSOLE_DEMO_PASSWORD: z.string().min(12).optional(),
    // Persistence: PGlite in DATA_DIR unless DATABASE_URL points at PostgreSQL.
    DATA_DIR: z.string().min(1).default("./.data"),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" })
      .optional(),
    // Stored connection secrets: "v2:<base64 32 bytes>,v1:<base64>", the first encrypts, all decrypt.
    CONSOLE_ENCRYPTION_KEYS: z.string().min(1).optional(),
    // Sign-in: better-auth's signing secret (separate from the encryption keys) and public origin.
    CONSOLE_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    CONSOLE_URL: httpUrl("must be an http:// or https:// URL").optional(),
    // Fractions are allowed so that tests can shorten both lifetimes (0.05 minutes = 3 s).
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .min(0.01)
      .max(24 * 60)
      .default(30),
    SESSION_MAX_HOURS: z.coerce
      .number()
      .min(0.001)
      .max(24 * 30)
      .default(12),
    // OIDC single sign-on (all of issuer, client id and secret, or none).
    OIDC_ISSUER: httpUrl("must be an http:// or https:// URL").optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_NAME: z.string().max(60).default("Single sign-on"),
    /** Comma-separated e-mail domains allowed to sign in by SSO (empty: none). */
    OIDC_ALLOWED_DOMAINS: z.string().default(""),
    /** Claim holding the console role (viewer / inviter / admin); absent → OIDC_DEFAULT_ROLE. */
    OIDC_ROLE_CLAIM: z.string().optional(),
    OIDC_DEFAULT_ROLE: z.enum(ROLES).default("viewer"),
    /**
     * Addresses or CIDR ranges of the reverse proxies in front of the console. X-Forwarded-For is read right
     * to left past them; the first other address is the client's (audit rows, sign-in rate limit). Unset: the
     * rightmost address, which scripts/server.mjs appends from the socket.
     */
    TRUSTED_PROXIES: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean),
      )
      .superRefine((list, ctx) => {
        const bad = findInvalidTrustedProxies(list);
        if (bad.length > 0) {
          ctx.addIssue({
            code: "custom",
            message: `not an IP address or CIDR range: ${bad.join(", ")} (e.g. 10.0.0.5,10.1.0.0/16)`,
          });
        }
      }),
    /** Minutes between two syncs of the invitation ledger with Atlas (lib/server/ledger); 0 turns it off. */
    LEDGER_SYNC_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(15),
    /** Seconds between two syncs of one org that "Sync now" may start (any sync counts); 0: no limit. */
    LEDGER_SYNC_NOW_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    /**
     * Seconds a bulk worker's claim on a run holds without renewal (lib/server/bulk/work-run.ts): after a crash on
     * PostgreSQL, another instance takes the run up this long after the last renewal.
     */
    BULK_LEASE_SECONDS: z.coerce.number().int().min(2).max(600).default(20),
    /** Turn the job layer (lib/server/jobs) off in this instance: "0" (tests that drive jobs themselves). */
    JOBS: z.enum(["0", "1"]).default("1"),
    /** "1": SIGUSR2 logs the process's memory by part (lib/server/memory-report.ts; the bench reads it). */
    MEMORY_REPORT: z.enum(["0", "1"]).default("0"),
    // Notifications (docs/notifications.md). E-mail through SMTP when SMTP_URL is set; a signed JSON webhook
    // when NOTIFY_WEBHOOK_URL is set. The SMTP password (in the URL) is never logged or shown.
    SMTP_URL: z
      .url({
        protocol: /^smtps?$/,
        hostname: /./,
        error: "must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587",
      })
      .optional(),
    /** The From address of every e-mail, e.g. "Invite console <console@example.com>". */
    NOTIFY_FROM: z.string().trim().min(3).max(320).optional(),
    NOTIFY_WEBHOOK_URL: httpUrl(WEBHOOK_URL_RULE)
      .refine((v) => {
        const u = URL.parse(v);
        return !u || (!u.username && !u.password);
      }, WEBHOOK_URL_RULE)
      .optional(),
    /** Signs the webhook body (HMAC-SHA256, header X-Console-Signature). */
    NOTIFY_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    /**
     * When the daily digest is built (cron, UTC); "off" turns it off. pg-boss gets the string as it is;
     * cron-parser (which pg-boss evaluates it with) refuses a bad one here, at start, not at the first tick.
     */
    NOTIFY_DIGEST_CRON: z
      .string()
      .trim()
      .default("0 7 * * *")
      .superRefine((v, ctx) => {
        const problem = v === "off" ? null : digestCronProblem(v);
        if (problem) {
          ctx.addIssue({
            code: "custom",
            message: `must be a cron expression of 5 fields such as "0 7 * * *", or "off" (${problem})`,
          });
        }
      }),
    /** A failed delivery is retried this many times, the first after NOTIFY_RETRY_SECONDS, doubling. */
    NOTIFY_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(8),
    NOTIFY_RETRY_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
    /** Timeout of one SMTP or webhook delivery. */
    NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(10_000),
  })
  .superRefine((env, ctx) => {
    const problem = checkBaseUrl(
      env.ATLAS_BASE_URL,
      env.NODE_ENV === "production" && env.CONSOLE_DEMO !== "1",
    );
    if (problem) ctx.addIssue({ code: "custom", path: ["ATLAS_BASE_URL"], message: problem });
    if (env.SMTP_URL && !env.NOTIFY_FROM) {
      ctx.addIssue({
        code: "custom",
        path: ["NOTIFY_FROM"],
        message: "set NOTIFY_FROM (the sender address) together with SMTP_URL",
      });
    }
    if (!!env.NOTIFY_WEBHOOK_URL !== !!env.NOTIFY_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["NOTIFY_WEBHOOK_SECRET"],
        message: "set NOTIFY_WEBHOOK_URL and NOTIFY_WEBHOOK_SECRET together",
      });
    }
    if (!!env.ATLAS_CLIENT_ID !== !!env.ATLAS_CLIENT_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["ATLAS_CLIENT_SECRET"],
        message: "set ATLAS_CLIENT_ID and ATLAS_CLIENT_SECRET together",
      });
    }
  });

export type Env = z.infer<typeof schema>;

/** Why a digest cron is refused, or null: five fields (no seconds), read by cron-parser as pg-boss reads it. */
function digestCronProblem(value: string): string | null {
  const fields = value.split(/\s+/).length;
  if (fields !== 5) return `${fields} field${fields === 1 ? "" : "s"}`;
  try {
    CronExpressionParser.parse(value, { tz: "UTC", strict: false });
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

let cached: Env | null = null;

/** Parses a set of variables (process.env in the console; others in tests); throws naming each bad one. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "env"}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** Read apart from env() so that logging works even when the rest of the configuration is invalid. */
export function logLevel(): string {
  const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info");
  return LEVELS.includes(level) ? level : "info";
}
