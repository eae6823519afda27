"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { pageQuery, parseAuditParams, type AuditParams } from "@/lib/api-client/audit-params";

const URL_DELAY_MS = 250;
const TEXT_DELAY_MS = 300;
const TEXT_FIELDS: readonly (keyof AuditParams)[] = ["user", "target"];

/** Writes the filters into the address bar (History API: no navigation, no server round trip). */
function writeUrl(pathname: string, params: AuditParams) {
  const next = pageQuery(params);
  if (next === window.location.search.replace(/^\?/, "")) return;
  window.history.replaceState(window.history.state, "", next ? `${pathname}?${next}` : pathname);
}

/**
 * The Audit page's state, read from the URL at mount and on back/forward, written back with
 * history.replaceState (Next keeps useSearchParams in step with it). A pick (select, date) is in the URL at
 * once, so a reload right after it keeps it; typed text once typing pauses. Returns the state as typed (for the
 * inputs) and as queried (text filters settle for a moment first, so typing an address does not fetch per
 * keystroke; selects and dates apply at once).
 */
export function useAuditParams(): {
  params: AuditParams;
  queried: AuditParams;
  update: (patch: Partial<AuditParams>) => void;
} {
  const search = useSearchParams();
  const pathname = usePathname();
  const [params, setParams] = useState(() => parseAuditParams(new URLSearchParams(search.toString())));
  const latest = useRef(params);
  const [text, setText] = useState({ user: params.user, target: params.target });

  useEffect(() => {
    const timer = setTimeout(() => setText({ user: params.user, target: params.target }), TEXT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [params.user, params.target]);

  useEffect(() => {
    const timer = setTimeout(() => writeUrl(pathname, params), URL_DELAY_MS);
    return () => clearTimeout(timer);
  }, [params, pathname]);

  useEffect(() => {
    const onPopState = () => {
      const p = parseAuditParams(new URLSearchParams(window.location.search));
      latest.current = p;
      setParams(p);
      setText({ user: p.user, target: p.target });
    };
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const update = useCallback(
    (patch: Partial<AuditParams>) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      setParams(next);
      // Typing (a text field, with the page reset that comes with every filter change) waits for the pause.
      const keys = Object.keys(patch) as (keyof AuditParams)[];
      const typing =
        keys.some((k) => TEXT_FIELDS.includes(k)) &&
        keys.every((k) => k === "page" || TEXT_FIELDS.includes(k));
      if (!typing) writeUrl(pathname, next);
    },
    [pathname],
  );
  return { params, queried: { ...params, ...text }, update };
}
