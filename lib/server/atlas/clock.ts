import "server-only";
import { LEGACY_SUNSET_DATE } from "@/lib/schemas/sunset";

// What the console knows about "now" relative to Atlas, and about the legacy invitations API's end, from
// Atlas's own answers (lib/server/atlas/http.ts calls observeAtlasAnswer for every one): the `Date` header
// (Atlas's clock, so a simulated clock counts), `Sunset` / `Deprecation` on deprecated versions, and 410
// VERSION_GONE once a version is retired. docs/sunset.md explains how the sunset panel uses it.

export interface AtlasClockState {
  /** Atlas's clock minus ours, from the last Date header (ms). */
  skewMs: number | null;
  /** From the last Sunset header of a deprecated version. */
  sunsetAt: number | null;
  deprecatedAt: number | null;
  /** The last answer of a deprecated version was 410 VERSION_GONE. */
  goneSeenAt: number | null;
}

const KEY = Symbol.for("invite-console.atlas-clock");
const states: Map<string, AtlasClockState> =
  ((globalThis as Record<symbol, unknown>)[KEY] as Map<string, AtlasClockState> | undefined) ??
  new Map<string, AtlasClockState>();
(globalThis as Record<symbol, unknown>)[KEY] = states;

function httpDate(value: string | null): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Records what one Atlas answer says about time and the sunset (never throws). */
export function observeAtlasAnswer(
  connectionId: string,
  status: number,
  headers: Headers,
  version: string,
  errorCode?: string | null,
): void {
  const s = states.get(connectionId) ?? {
    skewMs: null,
    sunsetAt: null,
    deprecatedAt: null,
    goneSeenAt: null,
  };
  const date = httpDate(headers.get("date"));
  if (date !== null) s.skewMs = date - Date.now();
  const sunset = httpDate(headers.get("sunset"));
  if (sunset !== null) s.sunsetAt = sunset;
  const deprecation = httpDate(headers.get("deprecation"));
  if (deprecation !== null) s.deprecatedAt = deprecation;
  // The last word of a deprecated version counts: a later answer with a Sunset header means it still serves.
  if (status === 410 && version === "2023-01-01" && (errorCode ?? "VERSION_GONE") === "VERSION_GONE") {
    s.goneSeenAt = Date.now();
  } else if (sunset !== null) {
    s.goneSeenAt = null;
  }
  states.set(connectionId, s);
}

function atlasClockState(connectionId: string): AtlasClockState | null {
  return states.get(connectionId) ?? null;
}

export interface SunsetClock {
  sunsetAt: string;
  deprecatedAt: string | null;
  atlasNow: string;
  /** Whole days from Atlas's now to the sunset (0 on the day itself, negative after). */
  daysLeft: number;
  retired: boolean;
  /** "atlas" when the Date and Sunset headers were seen; "console" when only our own clock was available. */
  source: "atlas" | "console";
}

const DAY_MS = 86_400_000;

/** Where the legacy API stands for this connection, by Atlas's clock when Atlas has answered it yet. */
export function sunsetClock(connectionId: string, nowMs = Date.now()): SunsetClock {
  const s = atlasClockState(connectionId);
  const sunsetAt = s?.sunsetAt ?? Date.parse(`${LEGACY_SUNSET_DATE}T00:00:00Z`);
  const atlasNow = nowMs + (s?.skewMs ?? 0);
  const retired = atlasNow >= sunsetAt || (s?.goneSeenAt ?? null) !== null;
  return {
    sunsetAt: new Date(sunsetAt).toISOString(),
    deprecatedAt: s?.deprecatedAt ? new Date(s.deprecatedAt).toISOString() : null,
    atlasNow: new Date(atlasNow).toISOString(),
    daysLeft: Math.ceil((sunsetAt - atlasNow) / DAY_MS),
    retired,
    source: s?.skewMs !== null && s?.skewMs !== undefined ? "atlas" : "console",
  };
}
