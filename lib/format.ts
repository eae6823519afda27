// Client-safe date formatting for the console (English UI; exact times always in UTC).
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Short style ("13 min. ago") keeps the table's date columns narrow; the exact time is in the title.
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "short" });

// Days up to ~6 weeks: invitations live 30 days, and "in 23 days" says more than "in 3 weeks".
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * DAY],
  ["month", 45 * DAY],
  ["day", DAY],
  ["hour", HOUR],
  ["minute", MINUTE],
];

export function formatRelative(ms: number, now: number): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  for (const [unit, size] of UNITS) {
    if (abs >= size) {
      const value = unit === "month" ? Math.round(diff / (30 * DAY)) : Math.round(diff / size);
      return relative.format(value, unit);
    }
  }
  return diff >= 0 ? "in less than a minute" : "just now";
}

/** "2026-11-23 14:38 UTC" */
export function formatUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
