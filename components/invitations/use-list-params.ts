"use client";

import { debounce, useQueryStates } from "nuqs";
import { useCallback } from "react";
import {
  drawerParsers,
  listParsers,
  listUpdate,
  type ListParams,
  type ListPatch,
} from "@/lib/search-params/invitations";

export type UpdateListParams = (patch: ListPatch | ((current: ListParams) => ListPatch)) => void;

// Typed text reaches the URL once typing pauses; tabs, filters and sort are picks, written at once.
const TYPING = { limitUrlUpdates: debounce(250) };

/**
 * The invitations list's state (tab, filters, sort, search), kept in the URL (lib/search-params/invitations.ts):
 * replaced in place (no new history entry, no server round trip). React state leads while the page is
 * mounted; back/forward between two entries of this page adopts the URL's state.
 */
export function useListParams(): [ListParams, UpdateListParams] {
  const [params, setParams] = useQueryStates(listParsers);
  // Stable, and reads the latest state (not the render's): a callback built on it survives keystrokes.
  const update = useCallback<UpdateListParams>(
    (patch) => {
      // Only the search box is typing; a computed patch (the sort) is a pick.
      const typing = typeof patch !== "function" && Object.keys(patch).every((k) => k === "q");
      void setParams(
        (current) => listUpdate(current, typeof patch === "function" ? patch(current) : patch),
        typing ? TYPING : undefined,
      );
    },
    [setParams],
  );
  return [params, update];
}

/**
 * Which invitation's details are open (`?invitation=`), beside the list's own state, so that a link pasted
 * into a ticket opens the same drawer on the same tab.
 */
export function useDrawerParam(): [string | null, (rowKey: string | null) => void] {
  const [{ invitation }, setParams] = useQueryStates(drawerParsers);
  const set = useCallback((rowKey: string | null) => void setParams({ invitation: rowKey }), [setParams]);
  return [invitation, set];
}
