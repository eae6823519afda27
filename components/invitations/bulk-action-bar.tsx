"use client";

import dynamic from "next/dynamic";
import { useMemo, useState } from "react";
import { useOpenedOnce } from "@/components/hooks/use-opened-once";
import { Button } from "@/components/ui/button";
import type { InvitationRow } from "@/lib/invitations/list-model";
import type { LedgerTab } from "@/lib/schemas/ledger";
import type { LedgerEntry } from "@/lib/schemas/ledger-api";
import { BULK_ACTION_SPECS, bulkActionsFor, formatCount, type BulkActionKind } from "./bulk-actions";
import { selectedInOrder } from "./selection";
import type { RowSelection } from "./use-row-selection";

// Loaded when first opened, like the page's other dialogs (./invitation-dialogs.tsx).
const BulkActionDialog = dynamic(() => import("./bulk-action-dialog").then((m) => m.BulkActionDialog), {
  ssr: false,
});

interface BulkActionBarProps {
  orgId: string;
  tab: LedgerTab;
  selection: RowSelection;
  /** The list as shown (filtered, sorted): the selected rows are taken from it in that order. */
  visible: readonly InvitationRow[];
  entries?: ReadonlyMap<string, LedgerEntry>;
}

/**
 * Under the list while rows are selected: how many, the tab's bulk actions, Clear. Sticky at the bottom of
 * the page's view, so that it stays in reach while a phone scrolls the list; its buttons wrap at 390 px.
 */
export function BulkActionBar({ orgId, tab, selection, visible, entries }: BulkActionBarProps) {
  const [kind, setKind] = useState<BulkActionKind | null>(null);
  const mounted = useOpenedOnce(kind !== null);
  const { count, keys, clear } = selection;
  // Taken when the dialog is open only: a click on a checkbox does not walk the whole list.
  const rows = useMemo(() => (kind ? selectedInOrder(visible, keys) : []), [kind, visible, keys]);
  const actions = bulkActionsFor(tab);

  return (
    <>
      {count > 0 ? (
        <section
          aria-label="Bulk actions"
          className="sticky bottom-0 z-20 flex flex-wrap items-center gap-2 rounded-lg border border-line bg-surface px-3 py-2 shadow-lg dark:shadow-black/40"
        >
          <p className="mr-auto text-sm font-medium" aria-live="polite">
            {formatCount(count)} selected
          </p>
          <div className="flex flex-wrap items-center gap-2">
            {actions.map((a) => (
              <Button
                key={a}
                size="sm"
                variant={a === "cancel" ? "danger" : "secondary"}
                onClick={() => setKind(a)}
              >
                {BULK_ACTION_SPECS[a].label}
              </Button>
            ))}
            <Button size="sm" variant="ghost" onClick={clear}>
              Clear
            </Button>
          </div>
        </section>
      ) : null}
      {mounted ? (
        <BulkActionDialog
          orgId={orgId}
          kind={kind}
          rows={rows}
          entries={entries}
          onClose={() => setKind(null)}
          onStarted={clear}
        />
      ) : null}
    </>
  );
}
