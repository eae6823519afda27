import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Action } from "@/lib/permissions";
import { can } from "@/lib/permissions";
import { getConsoleSession } from "./session";
import type { ConsoleSession } from "./session";

/**
 * Every signed-in page calls this itself (proxy.ts only redirects early): no session → /sign-in, an admin
 * without TOTP → /two-factor/setup, a role without `action` → a page that says which role it takes
 * (app/(console)/not-allowed/page.tsx) instead of a silent bounce to the home page.
 */
export async function requirePageSession(
  opts: { action?: Action; next?: string } = {},
): Promise<ConsoleSession> {
  const current = await getConsoleSession(await headers());
  if (!current) redirect(opts.next ? `/sign-in?next=${encodeURIComponent(opts.next)}` : "/sign-in");
  if (current.needsTotpSetup) redirect("/two-factor/setup");
  if (opts.action && !can(current.user.role, opts.action)) redirect(`/not-allowed?action=${opts.action}`);
  return current;
}

/** What a page guarded by `action` is called, for the "not allowed" page. */
export const GUARDED_PAGES: Partial<Record<Action, string>> = {
  "users.manage": "the Console users page",
  "audit.read": "the Audit log",
  "notifications.manage": "the Notifications page",
  "connections.read": "the Atlas connections page",
  "connections.manage": "Atlas connections management",
  "invitations.read": "the Invitations page",
  "orgs.read": "the organizations",
  "provisioning.manage": "the Provisioning page",
};
