import "server-only";
import type { Role } from "@/lib/permissions";
import { env } from "../env";
import { allowedSsoDomains } from "./settings";

export const OIDC_PROVIDER_ID = "oidc";

/** The claims of a JWT (already verified by better-auth against the issuer's keys). */
function jwtClaims(jwt: string): Record<string, unknown> | null {
  const payload = jwt.split(".")[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return claims && typeof claims === "object" ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Account key "<issuer> <subject>": one identity per issuer and subject, whatever its e-mail says. */
export function oidcAccountSubject({ tokens }: { tokens: { idToken?: string | undefined } }): string {
  const claims = tokens.idToken ? jwtClaims(tokens.idToken) : null;
  const iss = claims?.iss;
  const sub = claims?.sub;
  if (typeof iss !== "string" || typeof sub !== "string" || !iss || !sub) {
    throw new Error("the identity provider sent no ID token with iss and sub");
  }
  return `${iss} ${sub}`;
}

const RANK: Record<Role, number> = { viewer: 1, inviter: 2, admin: 3 };

/** The console role named by OIDC_ROLE_CLAIM (a string or a list; the highest known role wins), if any. */
export function roleFromIdToken(idToken: string): Role | null {
  const claim = env().OIDC_ROLE_CLAIM;
  if (!claim) return null;
  const value = jwtClaims(idToken)?.[claim];
  const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
  const roles = values.map((v) => v.toLowerCase()).filter((v): v is Role => v in RANK);
  if (roles.length === 0) return env().OIDC_DEFAULT_ROLE;
  return roles.reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
}

export function ssoDomainProblem(email: string): string | null {
  const domain = email.toLowerCase().split("@")[1] ?? "";
  const allowed = allowedSsoDomains();
  if (allowed.length === 0) return "Single sign-on is not open to any e-mail domain (OIDC_ALLOWED_DOMAINS).";
  return allowed.includes(domain) ? null : `Single sign-on is not open to the domain ${domain || "(none)"}.`;
}
