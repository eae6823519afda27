import "server-only";

import type { InvitesApi } from "@/lib/schemas/connections";

export type { InvitesApi };

/** One Atlas service account the console acts through (from ATLAS_* variables or the connections table). */
export interface AtlasConnection {
  id: string;
  name: string;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  invitesApi: InvitesApi;
  timeoutMs: number;
}

const ATLAS_ORIGINS = new Set(["https://cloud.mongodb.com", "https://cloud.mongodbgov.com"]);

/** Atlas, Atlas for Government, or (outside production) a loopback simulator. */
export function checkBaseUrl(value: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a URL";
  }
  if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) {
    return "must be an origin only (scheme, host and port)";
  }
  if (ATLAS_ORIGINS.has(url.origin)) return null;
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (loopback && !production) return null;
  return production
    ? "must be https://cloud.mongodb.com or https://cloud.mongodbgov.com"
    : "must be https://cloud.mongodb.com, https://cloud.mongodbgov.com or a loopback address (simulator)";
}
