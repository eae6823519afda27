"use client";

import { useHydrated } from "@/components/hooks/use-hydrated";
import { formatLocal, formatRelative, formatUtc } from "@/lib/format";
import { cn } from "./cn";
import { useNow } from "./use-now";

type DateInput = string | number | Date;

// The same instants come back at every search keystroke (the rows that leave and return): their absolute texts
// are formatted once. Cleared past 4,000 entries; the reader's format and the server's are kept apart.
const formatted = new Map<string, string>();
function cachedLocal(ms: number, hydrated: boolean): string {
  const key = `${hydrated ? "" : "s"}${ms}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = hydrated ? formatLocal(ms) : formatLocal(ms, { locale: "en-GB", timeZone: "UTC" });
    if (formatted.size >= 4_000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

const toMs = (value: DateInput) =>
  typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : value.getTime();

interface DateTimeProps {
  value: DateInput;
  /**
   * "absolute" (default): the date and time in the reader's locale and time zone. "relative": "in 3 days" /
   * "2 hours ago", against one shared clock that ticks every minute.
   */
  mode?: "absolute" | "relative";
  /** Relative mode: a clock the caller already holds (a list passes one to every row). */
  now?: number;
  /**
   * Relative mode: the event has happened (sent, expired, cancelled), so a time ahead of the clock reads
   * "just now" (lib/format.ts formatRelative); the title keeps the exact time.
   */
  past?: boolean;
  className?: string;
}

/**
 * The one way the console shows a point in time: invitations, users, connections and the audit log.
 * The server knows neither the reader's locale nor time zone, so the server render and hydration show UTC;
 * the reader's own format follows right after hydration. The exact UTC time is always in the title.
 */
export function DateTime({ value, mode = "absolute", now, past = false, className }: DateTimeProps) {
  const hydrated = useHydrated();
  const clockNow = useNow(now);
  const ms = toMs(value);
  if (Number.isNaN(ms)) return <span className={className}>—</span>;
  const utc = formatUtc(ms);
  const local = cachedLocal(ms, hydrated);
  const text = mode === "relative" ? formatRelative(ms, clockNow, { past }) : local;
  return (
    <time
      dateTime={new Date(ms).toISOString()}
      title={mode === "relative" && hydrated ? `${local} (your time) · ${utc}` : utc}
      className={cn("whitespace-nowrap", className)}
    >
      {text}
    </time>
  );
}
