import "server-only";
import type { Connection } from "@/lib/schemas/connections";
import { getDb } from "../db";
import { envConnectionView } from "./env-connection";
import { listStoredConnections } from "./repository";

export async function listConnections(): Promise<Connection[]> {
  const stored = await listStoredConnections(await getDb());
  const env = envConnectionView();
  // In the order routing considers them (lib/server/connections/routing.ts): the environment's first.
  return env ? [env, ...stored] : stored;
}
