"use client";

import { useCallback, useSyncExternalStore } from "react";

// One MediaQueryList per query: matchMedia builds a new one at every call, and the snapshot is read at every
// render of every reader (the list's rows among them).
const lists = new Map<string, MediaQueryList>();
const listFor = (query: string) => {
  let list = lists.get(query);
  if (!list) lists.set(query, (list = window.matchMedia(query)));
  return list;
};

/**
 * Whether a CSS media query matches, kept current. The server (and hydration) assume `serverValue`: render
 * layouts that differ only after hydration (the invitations list waits for it anyway).
 */
export function useMediaQuery(query: string, serverValue = true): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = listFor(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => listFor(query).matches,
    () => serverValue,
  );
}

/** Tailwind's `md` breakpoint: below it, tables become cards. */
export const WIDE_QUERY = "(min-width: 768px)";
