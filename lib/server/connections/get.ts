import "server-only";
import type { Connection } from "@/lib/schemas/connections";
import { ENV_CONNECTION_ID } from "@/lib/schemas/connections";
import { getDb } from "../db";
import { envConnectionView } from "./env-connection";
import { connectionNotFound } from "./refusals";
import { getStoredConnection } from "./repository";

export async function getConnection({ id }: { id: string }): Promise<Connection> {
  if (id === ENV_CONNECTION_ID) {
    const env = envConnectionView();
    if (!env) throw connectionNotFound();
    return env;
  }
  const found = await getStoredConnection(await getDb(), id);
  if (!found) throw connectionNotFound();
  return found;
}
