import "server-only";
import { env } from "../env";
import { escapeSlackText } from "./slack-text";

// The digest's words: the e-mail's subject and plain text, and the webhook's JSON (Slack-compatible `text`
// plus the same facts as fields). Addresses only; never grants, ids of people or anything secret.

export interface DigestItem {
  email: string;
  /** expiring: when it expires; the others: when the console saw the change. */
  at: string | null;
  /** Who made it: the console user, else the connection's or Atlas's name (lib/schemas/inviter-label.ts). */
  invitedBy: string | null;
  /** The same label's sentence ("Renewed by X, first invited by Y"); without it: "invited by <invitedBy>". */
  invitedByText?: string | null;
}

/** One of the recipient's own API tokens that expires within 7 days: never its secret or hash. */
export interface ExpiringToken {
  name: string;
  /** The secret's first characters (lib/server/db/schema/tokens.ts). */
  prefix: string;
  expiresAt: string;
}

export interface DigestContent {
  org: { id: string; name: string | null };
  day: string;
  audience: "admin" | "inviter" | "webhook";
  sections: { expiring: DigestItem[]; accepted: DigestItem[]; expired: DigestItem[]; rejected: DigestItem[] };
  /** The e-mail recipient's own tokens expiring soon (lib/server/notifications/token-expiry.ts); never webhook. */
  tokens?: ExpiringToken[];
}

const orgLabel = (c: DigestContent) => (c.org.name ? `${c.org.name} (${c.org.id})` : c.org.id);

function counts(c: DigestContent): string {
  const s = c.sections;
  return [
    s.expiring.length ? `${s.expiring.length} expiring soon` : null,
    s.accepted.length ? `${s.accepted.length} accepted` : null,
    s.expired.length ? `${s.expired.length} expired` : null,
    s.rejected.length ? `${s.rejected.length} rejected` : null,
  ]
    .filter(Boolean)
    .join(", ");
}

export function digestSubject(c: DigestContent): string {
  return `Invitations for ${c.org.name ?? c.org.id}: ${counts(c)}`;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "unknown date");

function byline(i: DigestItem): string {
  const text = i.invitedByText ?? (i.invitedBy ? `Invited by ${i.invitedBy}` : null);
  if (!text) return "";
  // Mid-sentence: "renewed by X", but "Atlas account created by X" keeps its capital.
  return `, ${text.startsWith("Atlas ") ? text : text.charAt(0).toLowerCase() + text.slice(1)}`;
}

function section(title: string, items: DigestItem[], verb: string): string[] {
  if (items.length === 0) return [];
  return [
    `${title} (${items.length}):`,
    ...items.map((i) => `  - ${i.email}, ${verb} ${day(i.at)}${byline(i)}`),
    "",
  ];
}

/** "API tokens expiring soon": the recipient's own tokens, and where to make a new one. */
export function tokenSection(tokens: ExpiringToken[]): string[] {
  if (tokens.length === 0) return [];
  const base = env().CONSOLE_URL?.replace(/\/$/, "");
  return [
    `API tokens expiring soon (${tokens.length}):`,
    ...tokens.map((t) => `  - ${t.name} (starts with ${t.prefix}), expires ${day(t.expiresAt)}`),
    `Create a new one on the Account page${base ? `: ${base}/account` : "."}`,
    "",
  ];
}

function consoleLinks(c: DigestContent): string[] {
  const base = env().CONSOLE_URL?.replace(/\/$/, "");
  if (!base) return [];
  return [`Open the invitations: ${base}/orgs/${c.org.id}/invitations`];
}

export function digestText(c: DigestContent): string {
  const s = c.sections;
  const why =
    c.audience === "admin"
      ? "You receive this because you are a console admin."
      : "You receive this because you invited these people.";
  const base = env().CONSOLE_URL?.replace(/\/$/, "");
  return [
    `Daily invitations digest for ${orgLabel(c)}, ${c.day}.`,
    "",
    ...section("Expiring within 7 days", s.expiring, "expires"),
    ...section("Accepted since the last digest", s.accepted, "accepted"),
    ...section("Expired since the last digest", s.expired, "expired"),
    ...section("Rejected since the last digest", s.rejected, "rejected"),
    ...tokenSection(c.tokens ?? []),
    ...consoleLinks(c),
    `${why} Turn the digest off on your Account page${base ? `: ${base}/account` : "."}`,
    "",
  ].join("\n");
}

/**
 * The webhook body: Slack's `text` plus structured fields for any other receiver. In `text` every name and
 * address is escaped for Slack (lib/server/notifications/slack-text.ts); the fields carry them as they are.
 */
export function digestPayload(c: DigestContent) {
  const s = c.sections;
  const lines = [
    `*Invitations digest* for ${escapeSlackText(orgLabel(c))}, ${escapeSlackText(c.day)}: ${counts(c)}`,
    ...(["expiring", "accepted", "expired", "rejected"] as const)
      .filter((k) => s[k].length > 0)
      .map((k) => `• ${k}: ${s[k].map((i) => escapeSlackText(i.email)).join(", ")}`),
  ];
  return {
    text: lines.join("\n"),
    type: "invitations.digest",
    day: c.day,
    org: c.org,
    expiring: s.expiring,
    accepted: s.accepted,
    expired: s.expired,
    rejected: s.rejected,
  };
}
