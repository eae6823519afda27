"use client";

import * as CheckboxPrimitive from "@radix-ui/react-checkbox";
import { useRef, type MouseEvent } from "react";
import { cn } from "@/components/ui/cn";
import { CheckIcon } from "@/components/ui/icons";

interface SelectCheckboxProps {
  label: string;
  checked: boolean | "indeterminate";
  /** `range`: shift was held (shift-click, or shift+space: the browser's click carries the modifier keys). */
  onToggle: (range: boolean) => void;
  className?: string;
}

/**
 * A row's (or the header's) selection checkbox: Radix's checkbox button, named by `label`, with a dash when
 * some rows are selected. Its click never reaches the row (which would open the details drawer).
 */
export function SelectCheckbox({ label, checked, onToggle, className }: SelectCheckboxProps) {
  // Shift held with Space: browsers put the modifier keys on the click a key makes, but not every one does.
  const shiftSpace = useRef(false);
  return (
    <CheckboxPrimitive.Root
      aria-label={label}
      checked={checked}
      onClick={(e: MouseEvent) => {
        // Controlled: the state changes through onToggle, not Radix's own toggle.
        e.preventDefault();
        e.stopPropagation();
        const range = e.shiftKey || shiftSpace.current;
        shiftSpace.current = false;
        onToggle(range);
      }}
      onKeyDown={(e) => {
        if (e.key === " ") shiftSpace.current = e.shiftKey;
      }}
      // A shift-click would otherwise select the text between the two rows.
      onMouseDown={(e) => e.shiftKey && e.preventDefault()}
      className={cn(
        "inline-flex size-4 shrink-0 items-center justify-center rounded-[4px] border border-line-strong bg-surface",
        "data-[state=checked]:border-primary data-[state=checked]:bg-primary data-[state=checked]:text-on-primary",
        "data-[state=indeterminate]:border-primary data-[state=indeterminate]:bg-primary data-[state=indeterminate]:text-on-primary",
        // A larger target than the 16 px box, for touch.
        "relative before:absolute before:-inset-2 before:content-['']",
        className,
      )}
    >
      <CheckboxPrimitive.Indicator>
        {checked === "indeterminate" ? (
          <span aria-hidden="true" className="block h-0.5 w-2 rounded-full bg-current" />
        ) : (
          <CheckIcon className="size-3.5" strokeWidth={2.4} />
        )}
      </CheckboxPrimitive.Indicator>
    </CheckboxPrimitive.Root>
  );
}
