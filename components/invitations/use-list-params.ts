"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type SetStateAction } from "react";
import { parseListParams, serializeListParams, type ListParams } from "./list-params";

const URL_DELAY_MS = 250;

/** Writes the list state into the address bar (History API: no navigation, no server round trip). */
function writeUrl(pathname: string, params: ListParams) {
  const current = new URLSearchParams(window.location.search);
  const next = serializeListParams(params, current);
  if (next === current.toString()) return;
  window.history.replaceState(window.history.state, "", next ? `${pathname}?${next}` : pathname);
}

/**
 * The list state, read from the URL at mount and on back/forward, written back with history.replaceState (no
 * scroll, no new history entry, no server round trip; Next keeps useSearchParams in step with it). React state
 * is the source of truth while the view is mounted. A pick (tab, filter, sort) is in the URL at once, so a
 * reload right after it keeps it; the search box's text is written once typing pauses.
 */
export function useListParams(): [
  ListParams,
  (patch: Partial<ListParams>) => void,
  (next: SetStateAction<ListParams>) => void,
] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const [params, setState] = useState(() => parseListParams(searchParams));
  const latest = useRef(params);

  const set = useCallback(
    (next: SetStateAction<ListParams>, textOnly = false) => {
      const value = typeof next === "function" ? next(latest.current) : next;
      latest.current = value;
      setState(value);
      if (!textOnly) writeUrl(pathname, value);
    },
    [pathname],
  );

  useEffect(() => {
    const timer = setTimeout(() => writeUrl(pathname, params), URL_DELAY_MS);
    return () => clearTimeout(timer);
  }, [params, pathname]);

  useEffect(() => {
    // Back/forward between two entries of this page keeps the component mounted: adopt the URL's state then.
    const onPopState = () => {
      latest.current = parseListParams(new URLSearchParams(window.location.search));
      setState(latest.current);
    };
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const update = useCallback(
    (patch: Partial<ListParams>) =>
      set(
        { ...latest.current, ...patch },
        Object.keys(patch).every((k) => k === "q"),
      ),
    [set],
  );
  const replace = useCallback((next: SetStateAction<ListParams>) => set(next), [set]);
  return [params, update, replace];
}
