"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { useUrlState, type UrlStateCodec } from "@/components/hooks/use-url-state";
import { pageQuery, parseAuditParams, type AuditParams } from "@/lib/api-client/audit-params";

const TEXT_DELAY_MS = 300;
const TEXT_FIELDS: readonly (keyof AuditParams)[] = ["user", "target"];

const textOf = (p: AuditParams) => ({ user: p.user, target: p.target });

const codec: UrlStateCodec<AuditParams> = {
  parse: parseAuditParams,
  // The Audit page owns its whole query string.
  serialize: (params) => pageQuery(params),
  // Typing is a text field, with the page reset that comes with every filter change.
  isTyping: (patch) => {
    const keys = Object.keys(patch) as (keyof AuditParams)[];
    return (
      keys.some((k) => TEXT_FIELDS.includes(k)) && keys.every((k) => k === "page" || TEXT_FIELDS.includes(k))
    );
  },
};

/**
 * The Audit page's filters, kept in the URL (see useUrlState). Returns them as typed (for the inputs) and as
 * queried: text filters settle for a moment first, so typing an address does not fetch per keystroke; selects
 * and dates apply at once.
 */
export function useAuditParams(): {
  params: AuditParams;
  queried: AuditParams;
  update: (patch: Partial<AuditParams>) => void;
} {
  const search = useSearchParams();
  const [text, setText] = useState(() => textOf(codec.parse(new URLSearchParams(search.toString()))));
  // Back/forward: the URL's text is the query at once.
  const adoptText = useCallback((p: AuditParams) => setText(textOf(p)), []);
  const { state: params, update } = useUrlState(codec, adoptText);

  useEffect(() => {
    const timer = setTimeout(() => setText({ user: params.user, target: params.target }), TEXT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [params.user, params.target]);

  return { params, queried: { ...params, ...text }, update };
}
