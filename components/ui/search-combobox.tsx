"use client";

import { useEffect, useId, useState } from "react";
import { cn } from "./cn";
import { inputClasses } from "./field";
import { ChevronDownIcon } from "./icons";
import { filterOptions, moveActive } from "./search-combobox-model";
import type { ComboKey, ComboOption } from "./search-combobox-model";

export type { ComboOption };

interface SearchComboboxProps {
  id: string;
  options: readonly ComboOption[];
  value: string;
  onChange: (value: string) => void;
  /** Shown in the field when no option is chosen (and as the placeholder while typing). */
  placeholder: string;
  /** What the field shows for a value that is not among the options (an org id nobody sees, say). */
  labelOf?: (value: string) => string;
  disabled?: boolean;
  className?: string;
  "aria-label"?: string;
  "aria-describedby"?: string;
}

/** Options rendered at most (type to narrow): a 200-org list stays a short DOM. */
const SHOWN = 50;
const KEYS: ReadonlySet<string> = new Set(["ArrowDown", "ArrowUp", "Home", "End", "PageDown", "PageUp"]);

/**
 * A searchable single choice (the ARIA 1.2 combobox pattern with a listbox popup): type to filter, arrows, Home,
 * End and page keys to move, Enter to choose, Escape to close (a second Escape puts the text back). No library:
 * the field is an input with role combobox and the list a plain listbox, so nothing is added to the first load.
 */
export function SearchCombobox(props: SearchComboboxProps) {
  const { id, options, value, onChange, placeholder, labelOf, disabled, className } = props;
  const listId = useId();
  const [open, setOpen] = useState(false);
  /** Null while not typing: the field shows the chosen option. */
  const [text, setText] = useState<string | null>(null);
  const [active, setActive] = useState(-1);

  const chosen = options.find((o) => o.value === value);
  const chosenLabel = chosen?.label ?? (value ? (labelOf?.(value) ?? value) : "");
  const { shown, total } = filterOptions(options, text ?? "", SHOWN);
  const optionId = (i: number) => `${listId}-o${i}`;

  useEffect(() => {
    if (!open || active < 0) return;
    document.getElementById(optionId(active))?.scrollIntoView({ block: "nearest" });
  });

  const close = () => {
    setOpen(false);
    setText(null);
    setActive(-1);
  };
  const choose = (option: ComboOption | undefined) => {
    if (!option) return;
    close();
    if (option.value !== value) onChange(option.value);
  };
  const openAt = (index: number) => {
    setOpen(true);
    setActive(index);
  };

  return (
    <span className={cn("relative inline-flex", className)}>
      <input
        id={id}
        role="combobox"
        type="text"
        autoComplete="off"
        spellCheck={false}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
        aria-label={props["aria-label"]}
        aria-describedby={props["aria-describedby"]}
        disabled={disabled}
        className={cn(inputClasses, "h-9 truncate pr-8")}
        placeholder={chosenLabel || placeholder}
        value={text ?? chosenLabel}
        onFocus={(e) => e.currentTarget.select()}
        onClick={() => (open ? undefined : openAt(shown.findIndex((o) => o.value === value)))}
        onChange={(e) => {
          setText(e.target.value);
          openAt(e.target.value.trim() ? 0 : -1);
        }}
        onBlur={close}
        onKeyDown={(e) => {
          if (KEYS.has(e.key)) {
            e.preventDefault();
            if (!open && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
              const at = shown.findIndex((o) => o.value === value);
              openAt(at >= 0 ? at : moveActive(-1, e.key, shown.length));
            } else if (open) {
              setActive(moveActive(active, e.key as ComboKey, shown.length));
            }
          } else if (e.key === "Enter" && open) {
            e.preventDefault();
            choose(shown[active]);
          } else if (e.key === "Escape") {
            if (open) {
              e.preventDefault();
              setOpen(false);
            } else if (text !== null) {
              e.preventDefault();
              setText(null);
            }
          }
        }}
      />
      <ChevronDownIcon className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 text-muted" />
      <ul
        id={listId}
        role="listbox"
        aria-label={props["aria-label"] ?? placeholder}
        hidden={!open}
        // Keep the focus in the field (a blur would close the list before a click or a scrollbar drag lands).
        onMouseDown={(e) => e.preventDefault()}
        // At least as wide as the header's switcher (w-56), so that there it lines up with the field; a narrower
        // field (the audit's org filter on a phone) gets a wider list, growing leftwards into the page.
        className="absolute top-full right-0 z-50 mt-1 max-h-80 w-full min-w-56 overflow-auto rounded-md border border-line-strong bg-surface py-1 text-sm shadow-lg"
      >
        {shown.map((o, i) => (
          <li
            key={o.value}
            id={optionId(i)}
            role="option"
            aria-selected={o.value === value}
            className={cn(
              "cursor-pointer px-2.5 py-1.5",
              i === active && "bg-subtle",
              o.value === value && "font-medium",
            )}
            onMouseMove={() => (i === active ? undefined : setActive(i))}
            onClick={() => choose(o)}
          >
            <span className="block truncate">{o.label}</span>
            {o.detail ? <span className="block truncate text-xs text-muted">{o.detail}</span> : null}
          </li>
        ))}
        {total === 0 ? (
          <li role="presentation" className="px-2.5 py-1.5 text-muted">
            No match
          </li>
        ) : total > shown.length ? (
          <li role="presentation" className="px-2.5 py-1.5 text-xs text-muted">
            {total - shown.length} more: type to narrow
          </li>
        ) : null}
      </ul>
    </span>
  );
}
