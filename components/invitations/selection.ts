// Which rows of a tab's list are selected for a bulk action: one Set of row keys (lib/invitations/list-model.ts
// `key`), so that each row's check is one lookup and a click rebuilds nothing per row. Pure: the hook is
// ./use-row-selection.ts, the bar and the dialog are ./bulk-action-bar.tsx and ./bulk-action-dialog.tsx.

import type { LedgerTab } from "@/lib/schemas/ledger";
import type { ListParams } from "@/lib/search-params/invitations";

export interface Selection {
  /** The tab and filters it was made under (selectionScope): another scope starts empty. */
  readonly scope: string;
  readonly keys: ReadonlySet<string>;
  /** The row last toggled: a shift-click or shift+space selects from it to the row clicked. */
  readonly anchor: string | null;
}

/** The list's keys in the order shown (filtered and sorted), with each one's position. */
export interface RowOrder {
  readonly keys: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

/** The positions are built on first use (a range, a pruning), not on every search keystroke. */
export function rowOrder(keys: readonly string[]): RowOrder {
  let index: Map<string, number> | undefined;
  return {
    keys,
    get index() {
      return (index ??= new Map(keys.map((k, i) => [k, i])));
    },
  };
}

const NONE: ReadonlySet<string> = new Set();

export function emptySelection(scope: string): Selection {
  return { scope, keys: NONE, anchor: null };
}

/**
 * A selection is kept while the tab and the filters stay (the sort only reorders the same rows); any other
 * tab, search or filter starts empty, so that "N selected" always means rows the list shows.
 */
export function selectionScope(
  tab: LedgerTab,
  p: Pick<ListParams, "q" | "role" | "team" | "project" | "expiring" | "source">,
): string {
  return JSON.stringify([tab, p.q.trim().toLowerCase(), p.role, p.team, p.project, p.expiring, p.source]);
}

/**
 * Toggles one row; with `range`, every row from the anchor to it (in the order shown) takes the state the
 * clicked row takes, as in a mail client. Without an anchor in the list a range is a plain toggle.
 */
export function toggleRow(sel: Selection, key: string, range: boolean, order: RowOrder): Selection {
  const on = !sel.keys.has(key);
  const keys = new Set(sel.keys);
  const from = range && sel.anchor !== null ? order.index.get(sel.anchor) : undefined;
  const to = order.index.get(key);
  if (from !== undefined && to !== undefined) {
    const [lo, hi] = from <= to ? [from, to] : [to, from];
    for (let i = lo; i <= hi; i++) {
      const k = order.keys[i]!;
      if (on) keys.add(k);
      else keys.delete(k);
    }
  } else if (on) keys.add(key);
  else keys.delete(key);
  return { scope: sel.scope, keys, anchor: key };
}

/** Every row matching the search and filters, also those not rendered (the list is virtual). */
export function selectAll(sel: Selection, order: RowOrder): Selection {
  return { scope: sel.scope, keys: new Set(order.keys), anchor: sel.anchor };
}

/**
 * Only the rows still in the list (one cancelled meanwhile, or gone after a refresh, no longer counts);
 * the same object when none left, so that nothing downstream re-renders.
 */
export function keepListed(sel: Selection, order: RowOrder): Selection {
  if (sel.keys.size === 0) return sel;
  let gone = 0;
  for (const k of sel.keys) if (!order.index.has(k)) gone++;
  if (gone === 0) return sel;
  const keys = new Set<string>();
  for (const k of sel.keys) if (order.index.has(k)) keys.add(k);
  return { scope: sel.scope, keys, anchor: sel.anchor !== null && keys.has(sel.anchor) ? sel.anchor : null };
}

/** The header checkbox: all, some (indeterminate) or none of the rows matching. */
export function headerState(count: number, total: number): boolean | "indeterminate" {
  if (count === 0 || total === 0) return false;
  return count >= total ? true : "indeterminate";
}

/** The selected items in the order shown (the dialog names the first few; the body keeps that order). */
export function selectedInOrder<T extends { key: string }>(
  rows: readonly T[],
  keys: ReadonlySet<string>,
): T[] {
  if (keys.size === 0) return [];
  return rows.filter((r) => keys.has(r.key));
}

export type SelectionAction =
  | { type: "toggle"; scope: string; key: string; range: boolean; order: RowOrder }
  | { type: "all"; scope: string; order: RowOrder }
  | { type: "clear"; scope: string };

export function selectionReducer(state: Selection, action: SelectionAction): Selection {
  const base = state.scope === action.scope ? state : emptySelection(action.scope);
  switch (action.type) {
    case "toggle":
      return toggleRow(base, action.key, action.range, action.order);
    case "all":
      return selectAll(base, action.order);
    case "clear":
      return base.keys.size === 0 && base.anchor === null && base === state
        ? state
        : emptySelection(action.scope);
  }
}
