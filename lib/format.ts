// Client-safe date formatting for the console. One format everywhere (components/ui/date-time.tsx): the
// reader's locale and time zone on screen, the exact UTC time on hover.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Short style ("13 min. ago") keeps the table's date columns narrow; the exact time is in the title. The
// wording stays English like the rest of the UI; dates and times follow the reader's locale.
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "short" });

// Days up to ~6 weeks: invitations live 30 days, and "in 23 days" says more than "in 3 weeks".
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * DAY],
  ["month", 45 * DAY],
  ["day", DAY],
  ["hour", HOUR],
  ["minute", MINUTE],
];

/**
 * "in 3 days", "13 min. ago". `past`: the event has happened (an invitation sent, a status reached), so a time
 * ahead of `now` (another machine's clock a little ahead, or a clock that ticks once a minute) reads "just now",
 * never "in less than a minute".
 */
export function formatRelative(ms: number, now: number, { past = false }: { past?: boolean } = {}): string {
  const diff = past ? Math.min(ms - now, 0) : ms - now;
  const abs = Math.abs(diff);
  for (const [unit, size] of UNITS) {
    if (abs >= size) {
      const value = unit === "month" ? Math.round(diff / (30 * DAY)) : Math.round(diff / size);
      return relative.format(value, unit);
    }
  }
  return diff > 0 ? "in less than a minute" : "just now";
}

/** "2026-11-23 14:38 UTC": the same in every locale, so two people can compare what they see. */
export function formatUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * The reader's locale and time zone ("23 Nov 2026, 15:38" in en-GB). `locale` and `timeZone` are for tests
 * and for the server render, which knows neither and therefore uses UTC (see components/ui/date-time.tsx).
 */
export function formatLocal(ms: number, opts: { locale?: string; timeZone?: string } = {}): string {
  return localFormat(opts.locale, opts.timeZone).format(ms);
}

// Building a DateTimeFormat costs far more than formatting with one (the list formats two dates per row it
// renders, at every search keystroke): one per locale and time zone, kept.
const localFormats = new Map<string, Intl.DateTimeFormat>();

function localFormat(locale: string | undefined, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${locale ?? ""}|${timeZone ?? ""}`;
  let format = localFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
    if (localFormats.size > 32) localFormats.clear();
    localFormats.set(key, format);
  }
  return format;
}

// One number format for every count on screen ("10,035"): toLocaleString builds a new formatter at each call, a
// visible part of a search keystroke where a header and a tab bar write a few counts each.
let counts: Intl.NumberFormat | undefined;

/** A count as the console writes it everywhere: "10,035" (English grouping, whatever the reader's locale). */
export function formatCount(n: number): string {
  return (counts ??= new Intl.NumberFormat("en-US")).format(n);
}

/** "1 row", "2,000 rows". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Seconds left, for buttons that wait ("Retry in 12 s"). */
export function formatWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60 ? `${s % 60} s` : ""}`.trim();
}
