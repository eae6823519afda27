import "server-only";
import { randomUUID } from "node:crypto";
import type { Connection, ConnectionTest } from "@/lib/schemas/connections";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import { getDb } from "../db";
import { envIdentity } from "./refusals";
import type { NewConnection } from "./repository";
import { insertStoredConnection } from "./repository";
import { testConnection } from "./test";

/**
 * Saves a new connection and, unless `test` is false, tests it at once: the answer carries the test, so that
 * whoever saved it sees whether it works (and where it is Owner) before relying on it. Saving never makes it
 * serve an org another working connection serves (lib/server/connections/routing.ts).
 */
export async function createConnection({
  actor,
  input,
}: {
  actor: AuditActor;
  input: NewConnection & { test?: boolean };
}): Promise<{ connection: Connection; test: ConnectionTest | null }> {
  const { test: runTest = true, ...values } = input;
  const detail = `${values.name} (${values.baseUrl}, ${values.clientId})${runTest ? "" : ", saved without testing"}`;
  // A refusal (a name or client id taken, a base URL not allowed) ends as "refused", with its message.
  // The id is chosen here so that the row names the connection from its start.
  const id = randomUUID();
  const db = await getDb();
  const { result: created } = await auditedMutation({
    actor,
    action: "connection.created",
    target: { connectionId: id, detail },
    act: () => insertStoredConnection(db, { ...values, id }, undefined, envIdentity()),
  });
  if (!runTest) return { connection: created, test: null };
  return testConnection({ actor, id: created.id });
}
