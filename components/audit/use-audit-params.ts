"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { pageQuery, parseAuditParams, type AuditParams } from "@/lib/api-client/audit-params";

const URL_DELAY_MS = 250;
const TEXT_DELAY_MS = 300;

/**
 * The Audit page's state, read from the URL at mount and on back/forward, written back with router.replace.
 * Returns the state as typed (for the inputs) and as queried (text filters settle for a moment first, so
 * typing an address does not fetch per keystroke; selects and dates apply at once).
 */
export function useAuditParams(): {
  params: AuditParams;
  queried: AuditParams;
  update: (patch: Partial<AuditParams>) => void;
} {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const [params, setParams] = useState(() => parseAuditParams(new URLSearchParams(search.toString())));
  const [text, setText] = useState({ user: params.user, target: params.target });

  useEffect(() => {
    const timer = setTimeout(() => setText({ user: params.user, target: params.target }), TEXT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [params.user, params.target]);

  useEffect(() => {
    const timer = setTimeout(() => {
      const next = pageQuery(params);
      if (next === window.location.search.replace(/^\?/, "")) return;
      router.replace(next ? `${pathname}?${next}` : pathname, { scroll: false });
    }, URL_DELAY_MS);
    return () => clearTimeout(timer);
  }, [params, pathname, router]);

  useEffect(() => {
    const onPopState = () => {
      const p = parseAuditParams(new URLSearchParams(window.location.search));
      setParams(p);
      setText({ user: p.user, target: p.target });
    };
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const update = useCallback((patch: Partial<AuditParams>) => setParams((p) => ({ ...p, ...patch })), []);
  return { params, queried: { ...params, ...text }, update };
}
