"use client";

import * as DialogPrimitive from "@radix-ui/react-dialog";
import type { RefObject } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import type { SessionUser } from "@/components/auth/session-context";
import { XIcon } from "@/components/ui/icons";
import { ROLE_LABELS } from "@/lib/permissions";
import { NavLinks } from "./nav-links";
import { ThemeToggle } from "./theme-toggle";

/**
 * The header menu's panel (./header-menu.tsx): a Radix dialog (focus trap, Esc), loaded when first opened. Its
 * button lives outside it, so focus is sent back there on close.
 */
export function HeaderMenuPanel({
  id,
  user,
  open,
  onOpenChange,
  trigger,
}: {
  id: string;
  user: SessionUser;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger: RefObject<HTMLButtonElement | null>;
}) {
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-black/45 dark:bg-black/65" />
        <DialogPrimitive.Content
          id={id}
          aria-describedby={undefined}
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            trigger.current?.focus();
          }}
          className="fixed top-0 right-0 z-50 flex max-h-dvh w-72 max-w-[calc(100vw-2rem)] flex-col overflow-y-auto rounded-bl-lg border-b border-l border-line bg-surface text-fg shadow-2xl focus:outline-none"
        >
          <div className="flex h-14 items-center justify-between border-b border-line px-4">
            <DialogPrimitive.Title className="text-base font-semibold">Menu</DialogPrimitive.Title>
            <DialogPrimitive.Close
              aria-label="Close menu"
              className="inline-flex size-9 items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg"
            >
              <XIcon />
            </DialogPrimitive.Close>
          </div>
          <nav aria-label="Console" className="p-2">
            <NavLinks user={user} orientation="column" onNavigate={() => onOpenChange(false)} />
          </nav>
          <div className="flex items-center justify-between gap-2 border-t border-line px-4 py-2">
            <span className="text-sm text-muted">Dark mode</span>
            <ThemeToggle />
          </div>
          <div className="flex flex-col gap-2 border-t border-line px-4 py-3">
            <p className="text-sm break-all">
              {user.email}{" "}
              <span className="text-xs text-muted">({ROLE_LABELS[user.role].label.toLowerCase()})</span>
            </p>
            <div className="-ml-2.5">
              <SignOutButton />
            </div>
          </div>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
