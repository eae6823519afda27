import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import type { SessionUser } from "@/components/auth/session-context";
import { ROLE_LABELS } from "@/lib/permissions";
import { HeaderMenu } from "./header-menu";
import { NavLinks } from "./nav-links";
import { OrgNav } from "./org-nav";
import { OrgSwitcher } from "./org-switcher";
import { ThemeToggle } from "./theme-toggle";

/**
 * Chrome only: product mark, org switcher, the pages, theme, who is signed in and sign-out. From `lg` up all
 * of it sits in one row; below, the mark shrinks to its icon, the switcher takes the free width and the rest
 * moves into a menu, so that a 360 px phone never scrolls sideways. The current organization's own pages (bulk
 * import, presets, guardrails, the sunset assistant) have a row of their own under it from `lg` up. Console-wide notes (demo mode, the API
 * sunset) sit inside the header, above and below that row, so that they belong to a landmark.
 */
export function SiteHeader({
  user,
  above,
  below,
}: {
  user: SessionUser;
  above?: ReactNode;
  below?: ReactNode;
}) {
  return (
    <header className="border-b border-line bg-surface">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      {above}
      <div className="flex h-14 items-center gap-2 px-3 sm:gap-4 sm:px-6">
        <Link href="/" className="flex shrink-0 items-center gap-2 rounded font-semibold tracking-tight">
          <span
            aria-hidden="true"
            className="inline-flex size-7 items-center justify-center rounded-md bg-primary text-xs font-bold text-on-primary"
          >
            IC
          </span>
          <span className="sr-only sm:not-sr-only">Invite Console</span>
        </Link>
        <div className="flex min-w-0 flex-1 items-center justify-end gap-2">
          <OrgSwitcher />
          <nav aria-label="Console" className="hidden lg:block">
            <NavLinks user={user} orientation="row" scope="console" />
          </nav>
          <div className="hidden min-w-0 items-center gap-2 lg:flex">
            <ThemeToggle />
            <span className="hidden max-w-44 truncate text-sm text-muted xl:inline" title={user.email}>
              {user.email} <span className="text-xs">({ROLE_LABELS[user.role].label.toLowerCase()})</span>
            </span>
            <SignOutButton />
          </div>
          <div className="lg:hidden">
            <HeaderMenu user={user} />
          </div>
        </div>
      </div>
      <OrgNav user={user} />
      {below}
    </header>
  );
}
