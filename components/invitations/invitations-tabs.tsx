"use client";

import * as Tabs from "@radix-ui/react-tabs";
import type { ReactNode } from "react";
import { LEDGER_TABS, type LedgerTab } from "@/lib/schemas/ledger-enums";
import type { LedgerCounts } from "@/lib/schemas/ledger-api";
import { cn } from "@/components/ui/cn";
import { formatCount } from "@/lib/format";

export const TAB_LABELS: Record<LedgerTab, string> = {
  pending: "Pending",
  expired: "Expired",
  rejected: "Rejected",
  accepted: "Accepted",
  cancelled: "Cancelled",
};

/** What the Accepted tab holds, said where it matters (the tab's title and its empty state). */
export const ACCEPTED_HINT = "Accepted in the last 30 days";

interface InvitationsTabsProps {
  tab: LedgerTab;
  onTabChange: (tab: LedgerTab) => void;
  /** Unknown while loading: the labels then show no number. */
  counts?: Partial<LedgerCounts>;
  /** Beside the tab list (below it on phones): the ledger's sync status and "Sync now". */
  aside?: ReactNode;
  /** The active tab's panel (search, filters, list). */
  children: ReactNode;
}

const count = formatCount;

/**
 * Pending | Expired | Rejected | Accepted | Cancelled, each with its count. Every panel is mounted (an empty
 * one for the inactive tabs) so that each tab's aria-controls names an element that exists.
 */
export function InvitationsTabs({ tab, onTabChange, counts, aside, children }: InvitationsTabsProps) {
  return (
    <Tabs.Root
      value={tab}
      onValueChange={(v) => onTabChange(v as LedgerTab)}
      className="flex flex-col gap-3 md:min-h-0 md:flex-1"
    >
      <div className="flex flex-col gap-1.5 sm:flex-row sm:items-end sm:justify-between sm:gap-4 sm:border-b sm:border-line">
        <Tabs.List
          aria-label="Invitations by status"
          // Phones: five equal columns, the count under the label, so that the row never scrolls sideways.
          className="grid grid-cols-5 border-b border-line sm:flex sm:gap-0.5 sm:border-b-0"
        >
          {LEDGER_TABS.map((t) => {
            const n = counts?.[t];
            return (
              <Tabs.Trigger
                key={t}
                value={t}
                title={t === "accepted" ? ACCEPTED_HINT : undefined}
                className={cn(
                  "-mb-px flex min-w-0 flex-col items-center gap-0.5 border-b-2 border-transparent px-0.5 py-1.5 text-[13px] font-medium whitespace-nowrap text-muted",
                  "sm:shrink-0 sm:flex-row sm:gap-1.5 sm:px-3 sm:py-2 sm:text-sm",
                  "hover:text-fg data-[state=active]:border-primary data-[state=active]:text-fg",
                  "rounded-t focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-primary",
                )}
              >
                {TAB_LABELS[t]}
                {n !== undefined ? (
                  <span className="rounded-full bg-subtle px-1.5 text-xs font-semibold text-muted tabular-nums ring-1 ring-line ring-inset">
                    {count(n)}
                  </span>
                ) : null}
              </Tabs.Trigger>
            );
          })}
        </Tabs.List>
        {aside ? <div className="sm:pb-1">{aside}</div> : null}
      </div>
      {LEDGER_TABS.map((t) => (
        <Tabs.Content
          key={t}
          value={t}
          forceMount
          tabIndex={-1}
          className="flex flex-col gap-3 focus:outline-none data-[state=inactive]:hidden md:min-h-0 md:flex-1"
        >
          {t === tab ? children : null}
        </Tabs.Content>
      ))}
    </Tabs.Root>
  );
}
