"use client";

import type { ComponentProps } from "react";
import type { LedgerTab as LedgerTabName } from "@/lib/schemas/ledger";
import { TAB_LABELS } from "./invitations-tabs";
import { LedgerEmpty } from "./ledger-states";
import { TabList } from "./tab-list";
import { useLedgerTruncation } from "./use-ledger-rows";
import { formatCount } from "@/lib/format";

type ClosedTab = Exclude<LedgerTabName, "pending">;

type LedgerTabProps = Omit<ComponentProps<typeof TabList>, "tab" | "empty"> & { tab: ClosedTab };

/** Expired, Rejected, Accepted or Cancelled: the console's ledger (components/invitations/use-ledger-rows.ts). */
export function LedgerTab(props: LedgerTabProps) {
  const notice = useLedgerTruncation(props.orgId, props.tab);
  return (
    <>
      {notice && props.hydrated && props.loaded ? (
        <p
          className="rounded-md bg-subtle px-3 py-2 text-sm text-muted ring-1 ring-line ring-inset"
          role="status"
        >
          {notice}
        </p>
      ) : null}
      <TabList {...props} empty={<LedgerEmpty tab={props.tab} />} />
    </>
  );
}

/** The header's line for a ledger tab: how many it holds ("4 expired", "3 accepted in the last 30 days"). */
export function ledgerSummary(tab: ClosedTab, total: number): string {
  const n = formatCount(total);
  return tab === "accepted" ? `${n} accepted in the last 30 days` : `${n} ${TAB_LABELS[tab].toLowerCase()}`;
}
