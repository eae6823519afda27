"use client";

import { formatUtc } from "@/lib/format";
import { useHydrated } from "@/components/hooks/use-hydrated";

// A local stand-in for the console's one date component: the reader's locale and time zone, the exact UTC
// time on hover. Before hydration (and on the server) it shows UTC, so the first render matches.
const local = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function AuditTime({ iso }: { iso: string }) {
  const hydrated = useHydrated();
  const ms = Date.parse(iso);
  const utc = formatUtc(ms);
  return (
    <time dateTime={iso} title={utc}>
      {hydrated ? local.format(ms) : utc}
    </time>
  );
}
