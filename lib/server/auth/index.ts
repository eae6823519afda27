import "server-only";
import { getAuth } from "./config";
import type { ConsoleAuth } from "./config";
import { ensureDemoAdmin } from "../console-users/ensure-demo-admin";

const holder = globalThis as unknown as { __consoleAuthReady?: Promise<void> | undefined };

/**
 * better-auth, once the start-up work of sign-in is done (demo mode: the demo admin exists). Idempotent;
 * called by the start-up checks and by the sign-in routes, whichever comes first.
 */
export async function authReady(): Promise<ConsoleAuth> {
  holder.__consoleAuthReady ??= ensureDemoAdmin()
    .then(() => undefined)
    .catch((e: unknown) => {
      holder.__consoleAuthReady = undefined;
      throw e;
    });
  await holder.__consoleAuthReady;
  return getAuth();
}

export { getConsoleSession } from "./session";
export type { ConsoleSession, ConsoleUser } from "./session";
