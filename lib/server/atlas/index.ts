import "server-only";
import { env } from "../env";
import type { AtlasConnection } from "./connection";
import { AtlasHttp } from "./http";
import type { AtlasClientOptions } from "./http";
import { TokenManager } from "./token-manager";

export type { AtlasConnection } from "./connection";

const clients = new Map<string, AtlasHttp>();

/** The connection configured by environment variables ([C] adds stored connections behind this interface). */
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

/** One client (and so one cached token) per connection per process. */
export function atlasClient(conn: AtlasConnection, opts?: AtlasClientOptions): AtlasHttp {
  const key = `${conn.id}\u0000${conn.baseUrl}\u0000${conn.clientId}\u0000${conn.clientSecret}`;
  let client = clients.get(key);
  if (!client) {
    client = new AtlasHttp(conn, new TokenManager(conn), opts);
    clients.set(key, client);
    registerShutdown();
  }
  return client;
}

let shutdownRegistered = false;
function registerShutdown(): void {
  if (shutdownRegistered) return;
  shutdownRegistered = true;
  // Revoke cached tokens on a graceful stop (SECURITY.md 5); Atlas would otherwise keep them live for an hour.
  process.once("SIGTERM", () => {
    void Promise.allSettled([...clients.values()].map((c) => c.tokens.revoke())).finally(() =>
      process.exit(0),
    );
  });
}
