"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import type { LazyMenuProps } from "@/components/ui/lazy-menu-button";

/** A menu item's look (highlighted by pointer or keyboard). */
export const MENU_ITEM =
  "flex cursor-default items-center rounded px-2 py-1.5 text-sm outline-none select-none data-[highlighted]:bg-subtle";

/**
 * The Radix dropdown behind a ./lazy-menu-button.tsx: its trigger, and its items in a popover aligned to the
 * trigger's end. Imported only by lazily loaded menus, so Radix stays out of the page's first load.
 */
export function MenuShell({
  open,
  onOpenChange,
  trigger,
  className,
  children,
}: LazyMenuProps & { className?: string; children: ReactNode }) {
  return (
    <Menu.Root modal={false} open={open} onOpenChange={onOpenChange}>
      <Menu.Trigger {...trigger} />
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={4}
          className={cn("z-50 rounded-md border border-line bg-surface p-1 text-fg shadow-lg", className)}
        >
          {children}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
