import Link from "next/link";
import { OrgSwitcher } from "./org-switcher";
import { ThemeToggle } from "./theme-toggle";

/** Chrome only: product name, org switcher, theme. Server-rendered; the two controls are client islands. */
export function SiteHeader() {
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
        <nav aria-label="Console" className="hidden items-center gap-1 text-sm sm:flex">
          <Link href="/connections" className="rounded px-2 py-1 text-muted hover:bg-subtle hover:text-fg">
            Connections
          </Link>
        </nav>
        <div className="ml-auto flex min-w-0 items-center gap-2">
          <OrgSwitcher />
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}
