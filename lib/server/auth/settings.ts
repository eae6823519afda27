import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "../env";
import { logger } from "../log";

/** Demo mode: the demo admin signs in with a password alone (docs/security.md 9 exception, shown by a banner). */
export const DEMO_ADMIN_EMAIL = "admin@demo.local";

export const isDemo = (): boolean => env().CONSOLE_DEMO === "1";

/** Idle lifetime in seconds (sliding) and absolute lifetime in seconds (from sign-in), from env. */
export function sessionLimits(): { idleSeconds: number; maxSeconds: number } {
  const e = env();
  return {
    idleSeconds: Math.max(1, Math.round(e.SESSION_IDLE_MINUTES * 60)),
    maxSeconds: Math.max(1, Math.round(e.SESSION_MAX_HOURS * 3600)),
  };
}

/** Secure cookies (and the __Host- prefix) whenever the console is served over https. */
export function isHttps(): boolean {
  return env().CONSOLE_URL?.startsWith("https://") ?? false;
}

let secret: string | null = null;

/**
 * better-auth's signing secret: CONSOLE_AUTH_SECRET, required in production; in development and demo mode a
 * random one is generated once into DATA_DIR so that sessions survive a restart.
 */
export function authSecret(): string {
  if (secret) return secret;
  const e = env();
  if (e.CONSOLE_AUTH_SECRET) return (secret = e.CONSOLE_AUTH_SECRET);
  if (e.NODE_ENV === "production" && e.CONSOLE_DEMO !== "1") {
    throw new Error(
      "CONSOLE_AUTH_SECRET is not set: generate one with `openssl rand -base64 32` (separate from the encryption keys).",
    );
  }
  const file = path.join(e.DATA_DIR, "auth-secret");
  try {
    secret = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(e.DATA_DIR, { recursive: true, mode: 0o700 });
    secret = randomBytes(32).toString("base64url");
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    logger.warn(
      { file },
      "CONSOLE_AUTH_SECRET is not set: generated a sign-in secret into the data directory",
    );
  }
  return secret;
}

export function allowedSsoDomains(): string[] {
  return env()
    .OIDC_ALLOWED_DOMAINS.split(",")
    .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
    .filter(Boolean);
}

export function ssoConfigured(): boolean {
  const e = env();
  return !!(e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET);
}
