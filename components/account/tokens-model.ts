import type { ApiError } from "@/lib/api-client/errors";
import { formatRelative } from "@/lib/format";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/permissions";
import type { AdminTokenView, CreateTokenInput, TokenView } from "@/lib/schemas/tokens";
import { TOKEN_EXPIRY_DAYS } from "@/lib/schemas/tokens";

// What the API tokens sections show and send (components/account/tokens-section.tsx and
// components/users/tokens-section.tsx), kept apart from React so that test/tokens-ui tests it.

const DAY = 24 * 60 * 60_000;

/** Quick choices of the expiry field, in days. */
export const EXPIRY_CHOICES = [30, 90, 180, 365] as const;

/** Under this many days left, an active token's expiry is shown as a warning. */
export const EXPIRY_WARN_DAYS = 7;

export const TOKEN_FORM_DEFAULTS: CreateTokenInput = {
  name: "",
  expiresInDays: TOKEN_EXPIRY_DAYS.default,
  role: undefined,
  orgIds: null,
};

/** The roles a token of someone with `own` may ask for: theirs and the ones below it (ROLES order). */
export function roleChoices(own: Role): Role[] {
  return ROLES.slice(0, ROLES.indexOf(own) + 1);
}

/**
 * The role a token carries now, and the one it asked for when the owner's role has dropped below it since:
 * "Viewer (asked: Admin)". A token that asked for no role follows its owner's.
 */
export function tokenRoleText(token: Pick<TokenView, "role" | "effectiveRole">): string {
  const now = token.effectiveRole ? ROLE_LABELS[token.effectiveRole].label : "None";
  if (token.role === null) return `${now} (owner's role)`;
  return token.effectiveRole === token.role ? now : `${now} (asked: ${ROLE_LABELS[token.role].label})`;
}

/** "All orgs", or the orgs' names (an org this console no longer lists is shown by its id). */
export function tokenOrgsText(orgIds: readonly string[] | null, names: ReadonlyMap<string, string>): string {
  if (orgIds === null) return "All orgs";
  if (orgIds.length === 0) return "No org";
  return orgIds.map((id) => names.get(id) ?? id).join(", ");
}

export interface ExpiryText {
  /** "in 5 days", "expired 3 days ago". */
  text: string;
  /** An active token with less than EXPIRY_WARN_DAYS left. */
  warn: boolean;
}

export function tokenExpiryText(token: Pick<TokenView, "expiresAt" | "state">, now: number): ExpiryText {
  const ms = Date.parse(token.expiresAt);
  if (Number.isNaN(ms)) return { text: "unknown", warn: false };
  if (token.state === "expired" || ms <= now) {
    return { text: `expired ${formatRelative(ms, now, { past: true })}`, warn: false };
  }
  return {
    text: formatRelative(ms, now),
    warn: token.state === "active" && ms - now < EXPIRY_WARN_DAYS * DAY,
  };
}

export const TOKEN_STATES = {
  active: { label: "Active", tone: "ok" },
  expired: { label: "Expired", tone: "neutral" },
  revoked: { label: "Revoked", tone: "danger" },
  owner_inactive: { label: "Owner deactivated", tone: "warn" },
} as const satisfies Record<
  TokenView["state"],
  { label: string; tone: "ok" | "neutral" | "danger" | "warn" }
>;

export function tokenStateBadge(state: TokenView["state"]): (typeof TOKEN_STATES)[TokenView["state"]] {
  return TOKEN_STATES[state];
}

/** Revoking means something only while the token could still work (or work again, once its owner is back). */
export function isRevocable(state: TokenView["state"]): boolean {
  return state === "active" || state === "owner_inactive";
}

/** "ic_AbCd…": the recognisable start of the secret, never enough to use it. */
export const prefixText = (prefix: string) => `${prefix}…`;

/** The admin list filtered by one text: the owner's e-mail or name, the token's name or prefix. */
export function filterTokens<T extends Pick<AdminTokenView, "name" | "prefix" | "owner">>(
  tokens: readonly T[],
  text: string,
): T[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [...tokens];
  return tokens.filter((t) =>
    [t.owner.email, t.owner.name, t.name, t.prefix].some((s) => s.toLowerCase().includes(needle)),
  );
}

/** How to use a new token, against this console's origin ("<token>" stands for the secret). */
export function usageExamples(origin: string): { curl: string; cli: string } {
  return {
    curl: `curl -H "Authorization: Bearer <token>" ${origin}/api/orgs`,
    cli: "npm run cli -- config init",
  };
}

type TokenField = "name" | "expiresInDays" | "role" | "orgIds";

/** The form field a server field error names ("orgIds.2" goes to the orgs field), or null. */
export function tokenFieldOf(key: string): TokenField | null {
  const head = key.split(".")[0];
  return head === "name" || head === "expiresInDays" || head === "role" || head === "orgIds" ? head : null;
}

export interface PlacedTokenError {
  fields: Array<[TokenField, string]>;
  /** For the whole form: the refusal when no field carries it, and any field the form does not have. */
  formMessage: string | null;
}

/** A refused create beside the fields it names (what was typed stays), else above the form's buttons. */
export function placeTokenError(error: Pick<ApiError, "code" | "message" | "fields">): PlacedTokenError {
  const fields: Array<[TokenField, string]> = [];
  const unplaced: string[] = [];
  for (const [key, message] of Object.entries(error.fields ?? {})) {
    const field = tokenFieldOf(key);
    if (!field) unplaced.push(message);
    else if (!fields.some(([f]) => f === field)) fields.push([field, message]);
  }
  if (fields.length > 0 && unplaced.length === 0) return { fields, formMessage: null };
  return { fields, formMessage: [error.message, ...unplaced].join(" ") };
}
