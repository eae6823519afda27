"use client";

import { Suspense, useState } from "react";
import type { ComponentProps, ReactNode } from "react";
import { useOpenedOnce } from "@/components/hooks/use-opened-once";

export interface LazyMenuProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button's props, for the menu's own trigger (./menu-shell.tsx). */
  trigger: ComponentProps<"button">;
}

/**
 * A menu button whose menu (Radix: menu, popper, focus handling) is a lazy component, loaded when first opened:
 * until then a plain button that looks the same, and the same button while the menu's code loads.
 */
export function LazyMenuButton({
  trigger,
  menu,
}: {
  trigger: ComponentProps<"button">;
  /** The lazy menu, given the state and the trigger's props. */
  menu: (props: LazyMenuProps) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const loaded = useOpenedOnce(open);
  const button = (
    <button
      type="button"
      aria-haspopup="menu"
      aria-expanded={open}
      onClick={() => setOpen(true)}
      {...trigger}
    />
  );
  if (!loaded) return button;
  return <Suspense fallback={button}>{menu({ open, onOpenChange: setOpen, trigger })}</Suspense>;
}
