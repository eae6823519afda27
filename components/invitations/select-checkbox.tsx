"use client";

import { useRef } from "react";
import { Checkbox, type CheckedState } from "@/components/ui/checkbox";
import { cn } from "@/components/ui/cn";

interface SelectCheckboxProps {
  label: string;
  checked: CheckedState;
  /** `range`: shift was held (shift-click, or shift+space: the browser's click carries the modifier keys). */
  onToggle: (range: boolean) => void;
  className?: string;
}

/**
 * A row's (or the header's) selection checkbox, named by `label`, with a dash when some rows are selected. Its
 * click never reaches the row (which would open the details drawer).
 */
export function SelectCheckbox({ label, checked, onToggle, className }: SelectCheckboxProps) {
  // Shift held with Space: browsers put the modifier keys on the click a key makes, but not every one does.
  const shiftSpace = useRef(false);
  return (
    <Checkbox
      aria-label={label}
      checked={checked}
      onClick={(e) => {
        // Controlled: the state changes through onToggle, not the checkbox's own toggle.
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
      // A larger target than the 16 px box, for touch.
      className={cn("relative before:absolute before:-inset-2 before:content-['']", className)}
    />
  );
}
