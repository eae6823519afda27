import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import type { SessionUser } from "@/components/auth/session-context";
import { ROLE_LABELS, can } from "@/lib/permissions";
import { OrgSwitcher } from "./org-switcher";
import { ThemeToggle } from "./theme-toggle";

/** Chrome only: product name, org switcher, admin links, theme, who is signed in and sign-out. */
export function SiteHeader({ user }: { user: SessionUser }) {
  return (
    <header className="border-b border-line bg-surface">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <div className="flex h-14 items-center gap-4 px-4 sm:px-6">
        <Link href="/" className="flex shrink-0 items-center gap-2 rounded font-semibold tracking-tight">
          <span
            aria-hidden="true"
            className="inline-flex size-7 items-center justify-center rounded-md bg-primary text-xs font-bold text-on-primary"
          >
            IC
          </span>
          Invite Console
        </Link>
        <div className="ml-auto flex min-w-0 items-center gap-2">
          <OrgSwitcher />
          {can(user.role, "connections.read") ? (
            <Link
              href="/connections"
              className="rounded-md px-2.5 py-1.5 text-sm text-muted hover:bg-subtle hover:text-fg"
            >
              Connections
            </Link>
          ) : null}
          {can(user.role, "audit.read") ? (
            <Link
              href="/audit"
              className="rounded-md px-2.5 py-1.5 text-sm text-muted hover:bg-subtle hover:text-fg"
            >
              Audit
            </Link>
          ) : null}
          {can(user.role, "users.manage") ? (
            <Link
              href="/users"
              className="rounded-md px-2.5 py-1.5 text-sm text-muted hover:bg-subtle hover:text-fg"
            >
              Users
            </Link>
          ) : null}
          <Link
            href="/account"
            className="rounded-md px-2.5 py-1.5 text-sm text-muted hover:bg-subtle hover:text-fg"
          >
            Account
          </Link>
          <ThemeToggle />
          <span className="hidden max-w-48 truncate text-sm text-muted md:inline" title={user.email}>
            {user.email} <span className="text-xs">({ROLE_LABELS[user.role].label.toLowerCase()})</span>
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
