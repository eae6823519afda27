import "server-only";
import { randomUUID } from "node:crypto";
import type { Connection, ConnectionTest } from "@/lib/schemas/connections";
import { ENV_CONNECTION_ID } from "@/lib/schemas/connections";
import { HttpError } from "../api/errors";
import { atlasClient, envConnection, forgetAtlasClient } from "../atlas";
import type { AuditActor } from "../audit";
import { auditedMutation, auditedRefusal } from "../audit/mutation";
import { getDb } from "../db";
import { testConnection } from "./diagnose";
import { envConnectionView, recordEnvTest } from "./env-connection";
import * as repo from "./repository";
import type { ConnectionChanges, NewConnection } from "./repository";

// What the connection routes do: repository + audit + the token cache. Audit rows name the connection and
// what changed, never a secret (not even its last 4 characters).

const notFound = () =>
  new HttpError({ code: "not_found", message: "There is no such connection (it may have been deleted)." });
const readOnly = () =>
  new HttpError({
    code: "conflict",
    message:
      "This connection comes from environment variables (ATLAS_*) and is read-only here; change it where the " +
      "console is deployed, or add a stored connection.",
  });

export async function listConnectionViews(): Promise<Connection[]> {
  const stored = await repo.listConnections(await getDb());
  const env = envConnectionView();
  // In the order routing considers them (lib/server/connections/routing.ts): the environment's first.
  return env ? [env, ...stored] : stored;
}

export async function connectionView(id: string): Promise<Connection> {
  if (id === ENV_CONNECTION_ID) {
    const env = envConnectionView();
    if (!env) throw notFound();
    return env;
  }
  const found = await repo.getConnection(await getDb(), id);
  if (!found) throw notFound();
  return found;
}

/** The connection from ATLAS_* variables, for the "one connection per client id" rule. */
function envIdentity(): { name: string; clientId: string } | null {
  const env = envConnection();
  return env ? { name: env.name, clientId: env.clientId } : null;
}

/**
 * Saves a new connection and, unless `test` is false, tests it at once: the answer carries the test, so that
 * whoever saved it sees whether it works (and where it is Owner) before relying on it. Saving never makes it
 * serve an org another working connection serves (lib/server/connections/routing.ts).
 */
export async function createConnectionAs(
  actor: AuditActor,
  input: NewConnection & { test?: boolean },
): Promise<{ connection: Connection; test: ConnectionTest | null }> {
  const { test: runTest = true, ...values } = input;
  const detail = `${values.name} (${values.baseUrl}, ${values.clientId})${runTest ? "" : ", saved without testing"}`;
  // A refusal (a name or client id taken, a base URL not allowed) ends as "refused", with its message.
  // The id is chosen here so that the row names the connection from its start.
  const id = randomUUID();
  const created = await auditedMutation({
    actor,
    action: "connection.created",
    target: { connectionId: id, detail },
    act: async () => repo.createConnection(await getDb(), { ...values, id }, undefined, envIdentity()),
  });
  if (!runTest) return { connection: created, test: null };
  return testConnectionAs(actor, created.id);
}

function describeChanges(changes: ConnectionChanges): string {
  const names = Object.keys(changes).map((k) => (k === "clientSecret" ? "secret replaced" : k));
  return `changed: ${names.join(", ")}`;
}

export async function updateConnectionAs(
  actor: AuditActor,
  id: string,
  changes: ConnectionChanges,
): Promise<Connection> {
  const target = { connectionId: id, detail: describeChanges(changes) };
  if (id === ENV_CONNECTION_ID) throw await auditedRefusal(actor, "connection.updated", target, readOnly());
  const updated = await auditedMutation({
    actor,
    action: "connection.updated",
    target,
    act: async () => {
      const row = await repo.updateConnection(await getDb(), id, changes, undefined, envIdentity());
      if (!row) throw notFound();
      return row;
    },
  });
  if (changes.clientSecret !== undefined || changes.baseUrl !== undefined || changes.clientId !== undefined) {
    await forgetAtlasClient(id);
  }
  return updated;
}

export async function rotateSecretAs(
  actor: AuditActor,
  id: string,
  clientSecret: string,
): Promise<Connection> {
  const target = { connectionId: id };
  if (id === ENV_CONNECTION_ID) {
    throw await auditedRefusal(actor, "connection.secret_rotated", target, readOnly());
  }
  const rotated = await auditedMutation({
    actor,
    action: "connection.secret_rotated",
    target,
    act: async () => {
      const row = await repo.rotateSecret(await getDb(), id, clientSecret);
      if (!row) throw notFound();
      return row;
    },
  });
  // The token minted with the old secret is dropped (and revoked, best effort): the next call uses the new one.
  await forgetAtlasClient(id);
  return rotated;
}

export async function deleteConnectionAs(actor: AuditActor, id: string): Promise<Connection> {
  const target = { connectionId: id };
  if (id === ENV_CONNECTION_ID) throw await auditedRefusal(actor, "connection.deleted", target, readOnly());
  const deleted = await auditedMutation({
    actor,
    action: "connection.deleted",
    target,
    act: async () => {
      const row = await repo.deleteConnection(await getDb(), id);
      if (!row) throw notFound();
      return row;
    },
  });
  await forgetAtlasClient(id);
  return deleted;
}

/** "Test connection": read-only calls to Atlas through the connection's own (cached) token. */
export async function testConnectionAs(
  actor: AuditActor,
  id: string,
): Promise<{ connection: Connection; test: ConnectionTest }> {
  const db = await getDb();
  const conn = id === ENV_CONNECTION_ID ? envConnection() : await repo.loadAtlasConnection(db, id);
  if (!conn)
    throw await auditedRefusal(actor, "connection.tested", { connectionId: id }, notFound(), undefined, db);
  // The test itself only reads Atlas; what changes is the stored result. A test that finds a problem is
  // answered normally (the page shows it), and its row is a failure with what Atlas said.
  const test = await testConnection(atlasClient(conn));
  return auditedMutation({
    actor,
    action: "connection.tested",
    target: { connectionId: id, orgId: test.problem?.orgId ?? null },
    db,
    act: async () => {
      let connection: Connection | null;
      if (id === ENV_CONNECTION_ID) {
        recordEnvTest(test);
        connection = envConnectionView();
      } else {
        connection = await repo.recordTest(db, id, test);
      }
      // Deleted while it was being tested.
      if (!connection) throw notFound();
      return { connection, test };
    },
    onSuccess: () => ({
      outcome: test.ok ? "success" : "failure",
      atlasStatus: test.problem?.status ?? null,
      atlasErrorCode: test.problem?.atlasErrorCode ?? null,
      detail: test.problem
        ? `${test.problem.code}: ${test.problem.message}`
        : `ok: ${test.orgs.length} org(s)`,
    }),
  });
}
