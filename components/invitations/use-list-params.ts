"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from "react";
import { parseListParams, serializeListParams, type ListParams } from "./list-params";

const URL_DELAY_MS = 250;

/**
 * The list state, read from the URL at mount and on back/forward, written back with history.replaceState (no
 * scroll, no new history entry, no server round trip). React state stays the source of truth while the view is mounted, so quick successive
 * changes never race a pending navigation, and typing in the search box does not navigate per keystroke.
 */
export function useListParams(): [
  ListParams,
  (patch: Partial<ListParams>) => void,
  Dispatch<SetStateAction<ListParams>>,
] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const [params, setParams] = useState(() => parseListParams(searchParams));

  useEffect(() => {
    const timer = setTimeout(() => {
      const current = new URLSearchParams(window.location.search);
      const next = serializeListParams(params, current);
      if (next === current.toString()) return;
      // The History API, not router.replace: Next keeps useSearchParams in step with it, and no server round
      // trip (the page's payload fetched again) follows each search.
      window.history.replaceState(window.history.state, "", next ? `${pathname}?${next}` : pathname);
    }, URL_DELAY_MS);
    return () => clearTimeout(timer);
  }, [params, pathname]);

  useEffect(() => {
    // Back/forward between two entries of this page keeps the component mounted: adopt the URL's state then.
    const onPopState = () => setParams(parseListParams(new URLSearchParams(window.location.search)));
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const update = useCallback((patch: Partial<ListParams>) => setParams((p) => ({ ...p, ...patch })), []);
  return [params, update, setParams];
}
