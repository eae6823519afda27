import "server-only";
import { getAuth } from "./config";
import type { ConsoleAuth } from "./config";
import { ensureDemoAdmin } from "./users";

let ready: Promise<ConsoleAuth> | null = null;

/**
 * better-auth, once the start-up work of sign-in is done (demo mode: the demo admin exists). Idempotent;
 * called by the start-up checks and by the sign-in routes, whichever comes first.
 */
export function authReady(): Promise<ConsoleAuth> {
  ready ??= (async () => {
    const auth = await getAuth();
    await ensureDemoAdmin();
    return auth;
  })().catch((e: unknown) => {
    ready = null;
    throw e;
  });
  return ready;
}

export { getConsoleSession } from "./session";
export type { ConsoleSession, ConsoleUser } from "./session";
