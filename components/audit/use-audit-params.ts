"use client";

import { useSearchParams } from "next/navigation";
import { debounce, useQueryStates } from "nuqs";
import { useCallback, useMemo } from "react";
import {
  AUDIT_TEXT_FILTERS,
  auditParsers,
  loadAuditParams,
  type AuditParams,
} from "@/lib/search-params/audit";

// Typed text reaches the URL once typing pauses; selects, dates and pages are picks, written at once.
const TYPING = { limitUrlUpdates: debounce(300) };
const isText = (k: string) => (AUDIT_TEXT_FILTERS as readonly string[]).includes(k);

/**
 * The Audit page's filters, kept in the URL (lib/search-params/audit.ts). Returns them as typed (for the
 * inputs) and as queried: the text filters are queried as the URL has them, so typing an address fetches
 * once typing pauses, not per keystroke; selects and dates apply at once, and back/forward at once too.
 */
export function useAuditParams(): {
  params: AuditParams;
  queried: AuditParams;
  update: (patch: Partial<AuditParams>) => void;
} {
  const [params, setParams] = useQueryStates(auditParsers);
  const url = loadAuditParams(useSearchParams());
  const update = useCallback(
    (patch: Partial<AuditParams>) => {
      // Typing is a text field, with the page reset that comes with every filter change.
      const keys = Object.keys(patch);
      const typing = keys.some(isText) && keys.every((k) => k === "page" || isText(k));
      void setParams(patch, typing ? TYPING : undefined);
    },
    [setParams],
  );
  const queried = useMemo(
    () => ({ ...params, user: url.user, target: url.target }),
    [params, url.user, url.target],
  );
  return { params, queried, update };
}
