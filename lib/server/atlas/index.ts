import "server-only";
import { env } from "../env";
import type { AtlasConnection } from "./connection";
import { AtlasHttp } from "./http";
import type { AtlasClientOptions } from "./http";
import { TokenManager } from "./token-manager";

export type { AtlasConnection } from "./connection";

/** The connection configured by environment variables (stored connections use the same interface). */
export function envConnection(): AtlasConnection | null {
  const e = env();
  if (!e.ATLAS_CLIENT_ID || !e.ATLAS_CLIENT_SECRET) return null;
  return {
    id: "env",
    name: e.ATLAS_CONNECTION_NAME,
    baseUrl: e.ATLAS_BASE_URL,
    clientId: e.ATLAS_CLIENT_ID,
    clientSecret: e.ATLAS_CLIENT_SECRET,
    invitesApi: e.ATLAS_INVITES_API,
    timeoutMs: e.ATLAS_TIMEOUT_MS,
  };
}

interface Entry {
  credentials: string;
  settings: string;
  client: AtlasHttp;
}

/**
 * Keyed by connection id: one client, and so one cached token, per connection per process. Kept on
 * globalThis: Next.js bundles instrumentation (the stop sequence that revokes tokens) apart from the route
 * handlers, and a module-level Map would be a different, empty one there.
 */
const CLIENTS = Symbol.for("invite-console.atlas-clients");
const clients: Map<string, Entry> =
  ((globalThis as Record<symbol, unknown>)[CLIENTS] as Map<string, Entry> | undefined) ??
  new Map<string, Entry>();
(globalThis as Record<symbol, unknown>)[CLIENTS] = clients;

/** One client (and so one cached token) per connection per process. */
export function atlasClient(conn: AtlasConnection, opts?: AtlasClientOptions): AtlasHttp {
  const credentials = `${conn.baseUrl}\u0000${conn.clientId}\u0000${conn.clientSecret}`;
  const settings = `${conn.name}\u0000${conn.invitesApi}\u0000${conn.timeoutMs}`;
  const entry = clients.get(conn.id);
  if (entry && entry.credentials === credentials && entry.settings === settings) return entry.client;
  let tokens: TokenManager;
  if (entry && entry.credentials === credentials) {
    tokens = entry.client.tokens; // a rename or another API mode keeps the token
  } else {
    // New or changed credentials (a rotated secret): the old token must not be used again.
    if (entry) void entry.client.tokens.revoke();
    tokens = new TokenManager(conn);
  }
  const client = new AtlasHttp(conn, tokens, opts);
  clients.set(conn.id, { credentials, settings, client });
  return client;
}

/** Drops (and revokes, best effort) the cached token of a connection: its secret was rotated or it is gone. */
export async function forgetAtlasClient(connectionId: string): Promise<void> {
  const entry = clients.get(connectionId);
  if (!entry) return;
  clients.delete(connectionId);
  await entry.client.tokens.revoke();
}

/** Whether this process holds a client (and so possibly a token) for the connection. */
/**
 * Revokes every cached token (docs/security.md 5: Atlas would otherwise keep them live for an hour). Called once by
 * the server's stop sequence (lib/server/startup.ts) on SIGTERM / SIGINT; best effort, never throws.
 */
export async function revokeAllAtlasTokens(): Promise<number> {
  const entries = [...clients.values()];
  clients.clear();
  await Promise.allSettled(entries.map((e) => e.client.tokens.revoke()));
  return entries.length;
}
