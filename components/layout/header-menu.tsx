"use client";

import dynamic from "next/dynamic";
import { useRef, useState } from "react";
import type { SessionUser } from "@/components/auth/session-context";
import { useOpenedOnce } from "@/components/hooks/use-opened-once";
import { MenuIcon } from "@/components/ui/icons";

const PANEL_ID = "header-menu";

// The panel (Radix dialog, the nav links again, Sign out) loads when the menu is first opened, not with each
// page: most visits never open it, and on wide screens it is hidden.
const HeaderMenuPanel = dynamic(() => import("./header-menu-panel").then((m) => m.HeaderMenuPanel), {
  ssr: false,
});

/**
 * Below the `lg` breakpoint the header keeps the product mark, the org switcher and this button; the pages,
 * the theme, who is signed in and Sign out open in a panel (./header-menu-panel.tsx).
 */
export function HeaderMenu({ user }: { user: SessionUser }) {
  const [open, setOpen] = useState(false);
  const mounted = useOpenedOnce(open);
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={trigger}
        type="button"
        aria-label="Menu"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? PANEL_ID : undefined}
        onClick={() => setOpen(true)}
        className="inline-flex size-9 shrink-0 items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg"
      >
        <MenuIcon width={20} height={20} />
      </button>
      {mounted ? (
        <HeaderMenuPanel id={PANEL_ID} user={user} open={open} onOpenChange={setOpen} trigger={trigger} />
      ) : null}
    </>
  );
}
