"use client";

import { useCallback, useEffect, useMemo, useReducer, useRef } from "react";
import { emptySelection, keepListed, rowOrder, selectionReducer, type RowOrder } from "./selection";

export interface RowSelection {
  keys: ReadonlySet<string>;
  count: number;
  /** Rows matching the search and filters (what "select all" selects). */
  total: number;
  /** Stable: memoised rows keep it across renders. `range`: from the last toggled row (shift). */
  toggle: (key: string, range: boolean) => void;
  selectAll: () => void;
  clear: () => void;
}

/**
 * The selection of one tab's list (./selection.ts), held here and nowhere else. `scope` names the tab and
 * filters: when it changes the selection starts empty. Rows read `keys.has(row.key)`; only those whose answer
 * changed re-render.
 */
export function useRowSelection(scope: string, visible: readonly { key: string }[]): RowSelection {
  // The keys only (one pass per search or filter change); their positions are built when first needed.
  const order = useMemo(() => rowOrder(visible.map((r) => r.key)), [visible]);
  const [state, dispatch] = useReducer(selectionReducer, scope, emptySelection);
  // Another tab, search or filter: clear now (during render), not one painted frame later.
  if (state.scope !== scope) dispatch({ type: "clear", scope });
  const current = useMemo(
    () => keepListed(state.scope === scope ? state : emptySelection(scope), order),
    [state, scope, order],
  );
  // The callbacks read the latest order and scope, so that they stay the same functions between renders.
  const latest = useRef<{ scope: string; order: RowOrder }>({ scope, order });
  useEffect(() => {
    latest.current = { scope, order };
  });
  const toggle = useCallback(
    (key: string, range: boolean) => dispatch({ type: "toggle", key, range, ...latest.current }),
    [],
  );
  const selectAll = useCallback(() => dispatch({ type: "all", ...latest.current }), []);
  const clear = useCallback(() => dispatch({ type: "clear", scope: latest.current.scope }), []);
  // One object per change of the selection or the list: the memoised table re-renders for those only.
  const keys = current.keys;
  const total = order.keys.length;
  return useMemo(
    () => ({ keys, count: keys.size, total, toggle, selectAll, clear }),
    [keys, total, toggle, selectAll, clear],
  );
}
