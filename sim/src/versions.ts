import { AtlasHttpError } from "./errors";
import { atlasHttpDate } from "./util";

/** One resource version of an operation, as the spec lists it (content media type + x-sunset). */
export interface ResourceVersion {
  version: string; // YYYY-MM-DD
  /** Date the version was deprecated (sent as the Deprecation header, as Atlas does). */
  deprecation?: string;
  /** x-sunset: from this date the version answers 410 VERSION_GONE. */
  sunset?: string;
}

export const STABLE_2023: ResourceVersion = { version: "2023-01-01" };
/** Org invitations, /users and team users: Deprecation 2025-02-19 (when the users API came), sunset 2027-07-01. */
export const DEPRECATED_2023_USERS_ERA: ResourceVersion = {
  version: "2023-01-01",
  deprecation: "2025-02-19",
  sunset: "2027-07-01",
};
/** Project invitations: Deprecation 2023-10-04 as recorded. */
export const DEPRECATED_2023_PROJECT_INVITES: ResourceVersion = {
  version: "2023-01-01",
  deprecation: "2023-10-04",
  sunset: "2027-07-01",
};
export const USERS_2025: ResourceVersion = { version: "2025-02-19" };
export const RATE_LIMITS_2025: ResourceVersion = { version: "2025-03-12" };

const ACCEPT_VERSION = /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/i;

function isRealDate(date: string): boolean {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(date);
}

/** The version date the client asked for, or null if the Accept header names none. */
function requestedVersion(accept: string | undefined): string | null {
  // Accept may list several media types with parameters: the first versioned Atlas one counts.
  for (const part of (accept ?? "").split(",")) {
    const media = part.split(";")[0]!.trim();
    const match = ACCEPT_VERSION.exec(media);
    if (match?.[1]) return match[1];
  }
  return null;
}

/**
 * Atlas serves the newest version of the resource dated on or before the requested date.
 * A missing, malformed or too-early version is 406.
 */
export function resolveVersion(accept: string | undefined, versions: ResourceVersion[]): ResourceVersion {
  const requested = requestedVersion(accept);
  if (!requested || !isRealDate(requested)) {
    throw new AtlasHttpError(
      406,
      "INVALID_VERSION_DATE",
      `Invalid Accept header or version date: ${accept ?? "(none)"}. Send Accept: application/vnd.atlas.YYYY-MM-DD+json with a supported version: ${versions
        .map((v) => v.version)
        .join(", ")}.`,
      [accept ?? ""],
    );
  }
  let best: ResourceVersion | undefined;
  for (const v of versions) {
    if (v.version <= requested && (!best || v.version > best.version)) best = v;
  }
  if (!best) {
    throw new AtlasHttpError(
      406,
      "INVALID_VERSION_DATE",
      `No version of this resource is available on or before ${requested}. Supported versions: ${versions
        .map((v) => v.version)
        .join(", ")}.`,
      [requested],
    );
  }
  return best;
}

export function isSunset(v: ResourceVersion, nowMs: number): boolean {
  return !!v.sunset && nowMs >= Date.parse(`${v.sunset}T00:00:00Z`);
}

export function goneError(v: ResourceVersion, path: string): AtlasHttpError {
  const resource = path.replace(/^\//, "");
  return new AtlasHttpError(
    410,
    "VERSION_GONE",
    `Version ${v.version} of ${resource} is no longer available.`,
    [v.version, resource],
  );
}

export function versionHeaders(v: ResourceVersion): Record<string, string> {
  const headers: Record<string, string> = {};
  if (v.deprecation) headers["Deprecation"] = atlasHttpDate(v.deprecation);
  if (v.sunset) headers["Sunset"] = atlasHttpDate(v.sunset);
  return headers;
}

export function contentTypeFor(v: ResourceVersion): string {
  return `application/vnd.atlas.${v.version}+json;charset=utf-8`;
}
