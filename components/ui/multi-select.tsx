"use client";

import * as Popover from "@radix-ui/react-popover";
import { useId, useState, type Ref } from "react";
import { Checkbox } from "./checkbox";
import { cn } from "./cn";
import { Input, inputClasses } from "./field";
import { ChevronDownIcon, PlusIcon, XIcon } from "./icons";

export interface MultiSelectOption {
  value: string;
  label: string;
  description?: string;
}

interface MultiSelectProps {
  id: string;
  /** Id of the visible label: the trigger is named by it plus the current selection. */
  labelId: string;
  options: readonly MultiSelectOption[];
  value: string[];
  onChange: (value: string[]) => void;
  placeholder: string;
  filterLabel: string;
  emptyText: string;
  /** Turns typed text into a value outside the list (a pasted team id, another GROUP_* role), or null. */
  parseCustom?: (text: string) => MultiSelectOption | null;
  customHint?: string;
  /** Label for a selected value that is not among the options. */
  labelOf?: (value: string) => string;
  invalid?: boolean;
  describedBy?: string;
  ref?: Ref<HTMLButtonElement>;
}

/** A searchable multi-select: a Popover with a filter input and checkboxes, the choices shown as chips. */
export function MultiSelect(props: MultiSelectProps) {
  const { id, labelId, options, value, onChange, placeholder, filterLabel, emptyText } = props;
  const { parseCustom, customHint, invalid, describedBy, ref } = props;
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState("");
  const summaryId = useId();
  const labelOf = (v: string) => options.find((o) => o.value === v)?.label ?? props.labelOf?.(v) ?? v;

  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? options.filter((o) => `${o.label} ${o.value} ${o.description ?? ""}`.toLowerCase().includes(needle))
    : options;
  const custom = parseCustom?.(filter.trim()) ?? null;
  const offerCustom = custom && !value.includes(custom.value) && !shown.some((o) => o.value === custom.value);

  const toggle = (v: string, on: boolean) =>
    onChange(on ? (value.includes(v) ? value : [...value, v]) : value.filter((x) => x !== v));
  const addCustom = () => {
    if (!custom) return;
    toggle(custom.value, true);
    setFilter("");
  };

  return (
    <div className="flex flex-col gap-1.5">
      <Popover.Root open={open} onOpenChange={setOpen}>
        <Popover.Trigger asChild>
          <button
            ref={ref}
            id={id}
            type="button"
            aria-labelledby={`${labelId} ${summaryId}`}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            className={cn(inputClasses, "flex h-9 items-center justify-between gap-2 text-left")}
          >
            <span id={summaryId} className={cn("truncate", value.length === 0 && "text-muted")}>
              {value.length === 0 ? placeholder : `${value.length} selected`}
            </span>
            <ChevronDownIcon className="shrink-0 text-muted" />
          </button>
        </Popover.Trigger>
        {/* Not portalled: inside a dialog it must stay within the dialog's focus trap and scroll lock. */}
        <Popover.Content
          aria-labelledby={labelId}
          align="start"
          sideOffset={4}
          collisionPadding={8}
          className="z-50 flex max-h-[min(22rem,var(--radix-popover-content-available-height))] w-[max(var(--radix-popover-trigger-width),18rem)] flex-col gap-2 rounded-md border border-line bg-surface p-2 shadow-lg"
        >
          <Input
            aria-label={filterLabel}
            className="shrink-0"
            placeholder="Type to filter…"
            value={filter}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setFilter(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== "Enter") return;
              e.preventDefault(); // never submits the surrounding form
              if (offerCustom) addCustom();
              else if (shown.length === 1 && shown[0])
                toggle(shown[0].value, !value.includes(shown[0].value));
            }}
          />
          {offerCustom ? (
            <button
              type="button"
              onClick={addCustom}
              className="flex shrink-0 items-center gap-2 rounded px-2 py-1.5 text-left text-sm hover:bg-subtle"
            >
              <PlusIcon /> Add “{custom.label}”
            </button>
          ) : null}
          <ul className="min-h-0 flex-1 overflow-y-auto" aria-label={filterLabel.replace(/^Filter /, "")}>
            {shown.map((o) => {
              const optionId = `${id}-${o.value}`;
              return (
                <li key={o.value} className="flex items-start gap-2 rounded px-2 py-1.5 hover:bg-subtle">
                  <Checkbox
                    id={optionId}
                    className="mt-0.5"
                    checked={value.includes(o.value)}
                    onCheckedChange={(c) => toggle(o.value, c === true)}
                  />
                  <label htmlFor={optionId} className="min-w-0 flex-1 text-sm">
                    <span className="block">{o.label}</span>
                    {o.description ? <span className="block text-xs text-muted">{o.description}</span> : null}
                  </label>
                </li>
              );
            })}
          </ul>
          {shown.length === 0 && !offerCustom ? (
            <p className="px-2 py-1 text-sm text-muted">{emptyText}</p>
          ) : null}
          {customHint ? (
            <p className="shrink-0 border-t border-line px-2 pt-2 text-xs text-muted">{customHint}</p>
          ) : null}
        </Popover.Content>
      </Popover.Root>
      {value.length > 0 ? (
        <ul className="flex flex-wrap gap-1.5" aria-label="Selected">
          {value.map((v) => (
            <li
              key={v}
              className="inline-flex max-w-full items-center gap-1 rounded bg-subtle py-0.5 pr-0.5 pl-2 text-xs ring-1 ring-line ring-inset"
            >
              <span className="truncate" title={v}>
                {labelOf(v)}
              </span>
              <button
                type="button"
                aria-label={`Remove ${labelOf(v)}`}
                onClick={() => toggle(v, false)}
                className="rounded p-0.5 text-muted hover:bg-line hover:text-fg"
              >
                <XIcon className="size-3" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
