"use client";

import type { ComponentProps } from "react";
import { cn } from "./cn";
import { CheckIcon } from "./icons";

export type CheckedState = boolean | "indeterminate";

export const checkboxBoxClass = cn(
  "inline-flex size-4 shrink-0 items-center justify-center rounded-[4px] border border-line-strong bg-surface",
  "data-[state=checked]:border-primary data-[state=checked]:bg-primary data-[state=checked]:text-on-primary",
  "data-[state=indeterminate]:border-primary data-[state=indeterminate]:bg-primary data-[state=indeterminate]:text-on-primary",
  "disabled:cursor-not-allowed disabled:opacity-50",
);

export interface CheckboxProps extends Omit<
  ComponentProps<"button">,
  "onChange" | "value" | "type" | "role"
> {
  checked?: CheckedState;
  onCheckedChange?: (checked: boolean) => void;
}

/**
 * A checkbox as WAI-ARIA describes it: a button with role="checkbox" and aria-checked, toggled by a click or
 * Space (not Enter); pair it with <label htmlFor> for its name. Not Radix's: the same few lines without its
 * 8.6 kB (gzip) in the invitations page's first load (issue 18).
 */
export function Checkbox({
  className,
  checked = false,
  onCheckedChange,
  onClick,
  onKeyDown,
  ...props
}: CheckboxProps) {
  const state = checked === "indeterminate" ? "indeterminate" : checked ? "checked" : "unchecked";
  return (
    <button
      type="button"
      role="checkbox"
      aria-checked={checked === "indeterminate" ? "mixed" : checked}
      data-state={state}
      className={cn(checkboxBoxClass, className)}
      onClick={(e) => {
        onClick?.(e);
        if (!e.defaultPrevented) onCheckedChange?.(checked !== true);
      }}
      onKeyDown={(e) => {
        onKeyDown?.(e);
        // A checkbox toggles with Space only (WAI-ARIA); a button would also take Enter.
        if (e.key === "Enter") e.preventDefault();
      }}
      {...props}
    >
      {checked === "indeterminate" ? (
        <span aria-hidden="true" className="block h-0.5 w-2 rounded-full bg-current" />
      ) : checked ? (
        <CheckIcon className="size-3.5" strokeWidth={2.4} />
      ) : null}
    </button>
  );
}
