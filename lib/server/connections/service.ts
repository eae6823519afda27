import "server-only";
import type { Connection, ConnectionTest } from "@/lib/schemas/connections";
import { ENV_CONNECTION_ID } from "@/lib/schemas/connections";
import { HttpError, isHttpError } from "../api/errors";
import { atlasClient, envConnection, forgetAtlasClient } from "../atlas";
import { recordAudit } from "../audit";
import type { AuditActor } from "../audit";
import { getDb } from "../db";
import { testConnection } from "./diagnose";
import { envConnectionView, recordEnvTest } from "./env-connection";
import * as repo from "./repository";
import type { ConnectionChanges, NewConnection } from "./repository";

// What the connection routes do: repository + audit + the token cache. Audit rows name the connection and
// what changed, never a secret (not even its last 4 characters).

const notFound = () => new HttpError("not_found", "There is no such connection (it may have been deleted).");
const readOnly = () =>
  new HttpError(
    "conflict",
    "This connection comes from environment variables (ATLAS_*) and is read-only here; change it where the " +
      "console is deployed, or add a stored connection.",
  );

async function audited<T>(
  actor: AuditActor,
  fields: { action: string; connectionId: string | null; detail?: string | null },
  run: () => Promise<T>,
): Promise<T> {
  try {
    const result = await run();
    await recordAudit(actor, { ...fields, outcome: "success" });
    return result;
  } catch (e) {
    const detail = isHttpError(e) ? `${e.code}: ${e.message}` : "internal error";
    await recordAudit(actor, { ...fields, outcome: "failure", detail });
    throw e;
  }
}

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
  const fields = {
    action: "connection.created",
    detail: `${values.name} (${values.baseUrl}, ${values.clientId})${runTest ? "" : ", saved without testing"}`,
  };
  let created: Connection;
  try {
    created = await repo.createConnection(await getDb(), values, undefined, envIdentity());
  } catch (e) {
    const detail = isHttpError(e) ? `${e.code}: ${e.message}` : "internal error";
    await recordAudit(actor, { ...fields, connectionId: null, outcome: "failure", detail });
    throw e;
  }
  await recordAudit(actor, { ...fields, connectionId: created.id, outcome: "success" });
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
  if (id === ENV_CONNECTION_ID) throw readOnly();
  const updated = await audited(
    actor,
    { action: "connection.updated", connectionId: id, detail: describeChanges(changes) },
    async () => {
      const row = await repo.updateConnection(await getDb(), id, changes, undefined, envIdentity());
      if (!row) throw notFound();
      return row;
    },
  );
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
  if (id === ENV_CONNECTION_ID) throw readOnly();
  const rotated = await audited(
    actor,
    { action: "connection.secret_rotated", connectionId: id },
    async () => {
      const row = await repo.rotateSecret(await getDb(), id, clientSecret);
      if (!row) throw notFound();
      return row;
    },
  );
  // The token minted with the old secret is dropped (and revoked, best effort): the next call uses the new one.
  await forgetAtlasClient(id);
  return rotated;
}

export async function deleteConnectionAs(actor: AuditActor, id: string): Promise<Connection> {
  if (id === ENV_CONNECTION_ID) throw readOnly();
  const deleted = await audited(actor, { action: "connection.deleted", connectionId: id }, async () => {
    const row = await repo.deleteConnection(await getDb(), id);
    if (!row) throw notFound();
    return row;
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
  if (!conn) throw notFound();
  const test = await testConnection(atlasClient(conn));
  let connection: Connection | null;
  if (id === ENV_CONNECTION_ID) {
    recordEnvTest(test);
    connection = envConnectionView();
  } else {
    connection = await repo.recordTest(db, id, test);
  }
  if (!connection) throw notFound();
  await recordAudit(actor, {
    action: "connection.tested",
    connectionId: id,
    orgId: test.problem?.orgId ?? null,
    outcome: test.ok ? "success" : "failure",
    atlasStatus: test.problem?.status ?? null,
    atlasErrorCode: test.problem?.atlasErrorCode ?? null,
    detail: test.problem ? `${test.problem.code}: ${test.problem.message}` : `ok: ${test.orgs.length} org(s)`,
  });
  return { connection, test };
}
