"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type SetStateAction } from "react";

const URL_DELAY_MS = 250;

export interface UrlStateCodec<T> {
  parse: (search: URLSearchParams) => T;
  /** The query string (without "?") for `value`; `current` is the address bar's, for keys the page does not own. */
  serialize: (value: T, current: URLSearchParams) => string;
  /** True when the change is typing (text in a search box): written once typing pauses, not at once. */
  isTyping: (patch: Partial<T>) => boolean;
}

/** Writes the state into the address bar (History API: no navigation, no server round trip). */
function writeUrl<T>(codec: UrlStateCodec<T>, pathname: string, value: T) {
  const current = new URLSearchParams(window.location.search);
  const next = codec.serialize(value, current);
  if (next === current.toString()) return;
  window.history.replaceState(window.history.state, "", next ? `${pathname}?${next}` : pathname);
}

/**
 * A page's view state kept in its URL: read at mount and on back/forward, written back with
 * history.replaceState (no scroll, no new history entry, no server round trip; Next keeps useSearchParams in
 * step with it). React state is the source of truth while the page is mounted. A pick (tab, filter, sort,
 * date) is in the URL at once, so a reload right after it keeps it; typed text is written once typing pauses.
 * `codec` is a module-level constant. `onAdopt` hears the state taken from the URL on back/forward.
 */
export function useUrlState<T>(
  codec: UrlStateCodec<T>,
  onAdopt?: (value: T) => void,
): {
  state: T;
  update: (patch: Partial<T>) => void;
  replace: (next: SetStateAction<T>) => void;
} {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const [state, setState] = useState(() => codec.parse(new URLSearchParams(searchParams.toString())));
  const latest = useRef(state);
  const adopt = useRef(onAdopt);
  useEffect(() => {
    adopt.current = onAdopt;
  });

  const set = useCallback(
    (value: T, typing: boolean) => {
      latest.current = value;
      setState(value);
      if (!typing) writeUrl(codec, pathname, value);
    },
    [codec, pathname],
  );

  // Typed text reaches the URL once typing pauses (and anything else not yet written with it).
  useEffect(() => {
    const timer = setTimeout(() => writeUrl(codec, pathname, state), URL_DELAY_MS);
    return () => clearTimeout(timer);
  }, [codec, state, pathname]);

  useEffect(() => {
    // Back/forward between two entries of this page keeps the component mounted: adopt the URL's state then.
    const onPopState = () => {
      const value = codec.parse(new URLSearchParams(window.location.search));
      latest.current = value;
      setState(value);
      adopt.current?.(value);
    };
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, [codec]);

  const update = useCallback(
    (patch: Partial<T>) => set({ ...latest.current, ...patch }, codec.isTyping(patch)),
    [codec, set],
  );
  const replace = useCallback(
    (next: SetStateAction<T>) =>
      set(typeof next === "function" ? (next as (prev: T) => T)(latest.current) : next, false),
    [set],
  );
  return { state, update, replace };
}
