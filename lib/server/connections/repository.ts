import "server-only";
import { routingChanged } from "./routing-generation";
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Connection, ConnectionTest, OrgAccessRole, OrgSeen } from "@/lib/schemas/connections";
import { HttpError } from "../api/errors";
import type { AtlasConnection, InvitesApi } from "../atlas/connection";
import { checkBaseUrl } from "../atlas/connection";
import { decryptSecret, encryptSecret, keyIdOf, keyRing } from "../crypto";
import type { KeyRing, SecretContext } from "../crypto";
import type { Db } from "../db";
import { atlasConnections } from "../db/schema/connections";
import type { AtlasConnectionRow } from "../db/schema/connections";
import { env } from "../env";

// Queries on stored Atlas connections. Nothing here returns a secret to a caller outside lib/server: views carry
// hasSecret and the last 4 characters only; the decrypted secret exists only inside an AtlasConnection.

const secretContext = (id: string): SecretContext => ({
  table: "atlas_connections",
  rowId: id,
  column: "client_secret",
});

export interface NewConnection {
  name: string;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  invitesApi: InvitesApi;
}

export type ConnectionChanges = Partial<NewConnection>;

function production(): boolean {
  const e = env();
  return e.NODE_ENV === "production" && e.CONSOLE_DEMO !== "1";
}

function assertBaseUrl(baseUrl: string): void {
  const problem = checkBaseUrl(baseUrl, production());
  if (problem) {
    const message = `The base URL ${problem}.`;
    throw new HttpError({ code: "invalid_input", message, fields: { baseUrl: message } });
  }
}

const last4 = (secret: string) => secret.slice(-4);

function toView(row: AtlasConnectionRow): Connection {
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.baseUrl,
    clientId: row.clientId,
    invitesApi: row.invitesApi,
    source: "stored",
    hasSecret: row.secretCiphertext !== "",
    secretLast4: row.secretLast4 || null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastTest: row.lastTest ?? null,
    orgsSeen: row.orgsSeen,
  };
}

/**
 * The unique index a write violated (SQLSTATE 23505, reported alike by PGlite and PostgreSQL, possibly wrapped
 * by drizzle), or null for any other error. "" when the driver did not name it.
 */
function violatedIndex(e: unknown): string | null {
  type PgError = { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };
  for (let cur = e as PgError | undefined, i = 0; cur && i < 4; i++) {
    if (cur.code === "23505") {
      if (typeof cur.constraint === "string") return cur.constraint;
      return typeof cur.message === "string" ? (/"([a-z_]+_key)"/.exec(cur.message)?.[1] ?? "") : "";
    }
    cur = cur.cause as PgError | undefined;
  }
  return null;
}

const CLIENT_ID_INDEX = "atlas_connections_client_id_key";

/** Maps a unique violation to the field error the checks above give (a save that raced another one). */
function conflictOf(e: unknown, name: string | undefined, clientId: string | undefined): HttpError | null {
  const index = violatedIndex(e);
  if (index === null) return null;
  if (index === CLIENT_ID_INDEX && clientId !== undefined) return clientIdTaken(clientId, null);
  if (index !== CLIENT_ID_INDEX && name !== undefined) return nameTaken(name);
  return null;
}

/** The same service account twice would make two "connections" that are one Atlas identity (one token budget). */
function clientIdTaken(clientId: string, holder: string | null): HttpError {
  const who = holder === null ? "Another connection" : `Connection “${holder}”`;
  const message = `${who} already uses the client id ${clientId}: one connection per service account.`;
  return new HttpError({ code: "conflict", message, fields: { clientId: message } });
}

/** Refuses a client id another stored connection (or the one from the environment) already uses. */
async function assertClientIdFree(
  db: Db,
  clientId: string,
  exceptId: string | null,
  envConnection: { name: string; clientId: string } | null,
): Promise<void> {
  const wanted = clientId.toLowerCase();
  if (envConnection && envConnection.clientId.toLowerCase() === wanted) {
    throw clientIdTaken(clientId, envConnection.name);
  }
  const rows = await db
    .select({ id: atlasConnections.id, name: atlasConnections.name, clientId: atlasConnections.clientId })
    .from(atlasConnections);
  const holder = rows.find((r) => r.id !== exceptId && r.clientId.toLowerCase() === wanted);
  if (holder) throw clientIdTaken(clientId, holder.name);
}

function nameTaken(name: string): HttpError {
  const message = `A connection named “${name}” exists already.`;
  return new HttpError({ code: "conflict", message, fields: { name: message } });
}

async function rowOf(db: Db, id: string): Promise<AtlasConnectionRow | null> {
  const rows = await db.select().from(atlasConnections).where(eq(atlasConnections.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function listStoredConnections(db: Db): Promise<Connection[]> {
  const rows = await db.select().from(atlasConnections).orderBy(asc(atlasConnections.createdAt));
  return rows.map(toView);
}

export async function getStoredConnection(db: Db, id: string): Promise<Connection | null> {
  const row = await rowOf(db, id);
  return row ? toView(row) : null;
}

export async function insertStoredConnection(
  db: Db,
  input: NewConnection & { id?: string },
  ring: KeyRing = keyRing(),
  envConnection: { name: string; clientId: string } | null = null,
): Promise<Connection> {
  assertBaseUrl(input.baseUrl);
  await assertClientIdFree(db, input.clientId, null, envConnection);
  const id = input.id ?? randomUUID();
  const ciphertext = encryptSecret(ring, input.clientSecret, secretContext(id));
  try {
    const [row] = await db
      .insert(atlasConnections)
      .values({
        id,
        name: input.name,
        baseUrl: input.baseUrl,
        clientId: input.clientId,
        invitesApi: input.invitesApi,
        secretCiphertext: ciphertext,
        secretKeyId: ring.currentId,
        secretLast4: last4(input.clientSecret),
      })
      .returning();
    routingChanged();
    return toView(row!);
  } catch (e) {
    throw conflictOf(e, input.name, input.clientId) ?? e;
  }
}

/** Edits a connection; a clientSecret among the changes replaces the stored one (re-encrypted, new last 4). */
export async function updateStoredConnection(
  db: Db,
  id: string,
  changes: ConnectionChanges,
  ring: KeyRing = keyRing(),
  envConnection: { name: string; clientId: string } | null = null,
): Promise<Connection | null> {
  if (changes.baseUrl !== undefined) assertBaseUrl(changes.baseUrl);
  if (changes.clientId !== undefined) await assertClientIdFree(db, changes.clientId, id, envConnection);
  const { clientSecret, ...plain } = changes;
  const secret =
    clientSecret === undefined
      ? {}
      : {
          secretCiphertext: encryptSecret(ring, clientSecret, secretContext(id)),
          secretKeyId: ring.currentId,
          secretLast4: last4(clientSecret),
          secretRotatedAt: new Date(),
        };
  // Other credentials or another Atlas make the last test and the orgs seen meaningless.
  const credentialsChanged =
    clientSecret !== undefined || plain.baseUrl !== undefined || plain.clientId !== undefined;
  try {
    const rows = await db
      .update(atlasConnections)
      .set({
        ...plain,
        ...secret,
        ...(credentialsChanged ? { lastTest: null, lastTestAt: null, orgsSeen: [] } : {}),
        updatedAt: new Date(),
      })
      .where(eq(atlasConnections.id, id))
      .returning();
    routingChanged();
    return rows[0] ? toView(rows[0]) : null;
  } catch (e) {
    throw conflictOf(e, plain.name, plain.clientId) ?? e;
  }
}

export function rotateStoredSecret(
  db: Db,
  id: string,
  clientSecret: string,
  ring: KeyRing = keyRing(),
): Promise<Connection | null> {
  return updateStoredConnection(db, id, { clientSecret }, ring);
}

export async function deleteStoredConnection(db: Db, id: string): Promise<Connection | null> {
  const rows = await db.delete(atlasConnections).where(eq(atlasConnections.id, id)).returning();
  routingChanged();
  return rows[0] ? toView(rows[0]) : null;
}

/** Stores the outcome of "Test connection" and, when it listed them, the orgs the account sees and its roles. */
export async function recordTest(db: Db, id: string, test: ConnectionTest): Promise<Connection | null> {
  const orgs = test.orgs.map((o) => ({ id: o.id, name: o.name, role: o.role }));
  const rows = await db
    .update(atlasConnections)
    .set({
      lastTest: test,
      lastTestAt: new Date(test.testedAt),
      ...(test.token === "ok" && (orgs.length > 0 || test.problem?.code === "no_orgs")
        ? { orgsSeen: orgs }
        : {}),
    })
    .where(eq(atlasConnections.id, id))
    .returning();
  routingChanged();
  return rows[0] ? toView(rows[0]) : null;
}

/** A fresh org listing keeps the roles found earlier for the orgs still seen. */
export function mergeOrgsSeen(previous: OrgSeen[], live: { id: string; name: string }[]): OrgSeen[] {
  return live.map((o) => {
    const role = previous.find((p) => p.id === o.id)?.role;
    return role ? { ...o, role } : o;
  });
}

export async function recordOrgsSeen(
  db: Db,
  id: string,
  orgs: { id: string; name: string }[],
): Promise<void> {
  await updateOrgsSeen(db, id, (seen) => mergeOrgsSeen(seen, orgs));
}

/** What an owner probe found out about one org (routing records it before choosing a connection). */
export async function recordOrgRole(
  db: Db,
  id: string,
  org: { id: string; name: string },
  role: OrgAccessRole,
): Promise<void> {
  await updateOrgsSeen(db, id, (seen) => {
    const others = seen.filter((o) => o.id !== org.id);
    const known = seen.find((o) => o.id === org.id);
    return [...others, { id: org.id, name: known?.name ?? org.name, role }];
  });
}

/** Rewrites a connection's orgsSeen from its current value, the row locked meanwhile (no lost update). */
async function updateOrgsSeen(db: Db, id: string, next: (seen: OrgSeen[]) => OrgSeen[]): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ orgsSeen: atlasConnections.orgsSeen })
      .from(atlasConnections)
      .where(eq(atlasConnections.id, id))
      .for("update");
    if (!row) return;
    await tx
      .update(atlasConnections)
      .set({ orgsSeen: next(row.orgsSeen) })
      .where(eq(atlasConnections.id, id));
  });
  routingChanged();
}

function toAtlasConnection(row: AtlasConnectionRow, ring: KeyRing): AtlasConnection {
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.baseUrl,
    clientId: row.clientId,
    clientSecret: decryptSecret(ring, row.secretCiphertext, secretContext(row.id)),
    invitesApi: row.invitesApi,
    timeoutMs: env().ATLAS_TIMEOUT_MS,
  };
}

/** Server-internal: the connection with its decrypted secret, for the Atlas client only. */
export async function loadAtlasConnection(
  db: Db,
  id: string,
  ring: KeyRing = keyRing(),
): Promise<AtlasConnection | null> {
  const row = await rowOf(db, id);
  return row ? toAtlasConnection(row, ring) : null;
}

/** Server-internal: every stored connection with its decrypted secret and the orgs it was last seen to see. */
export async function loadAtlasConnections(
  db: Db,
  ring: KeyRing = keyRing(),
): Promise<{ conn: AtlasConnection; orgsSeen: OrgSeen[]; lastTest: ConnectionTest | null }[]> {
  const rows = await db.select().from(atlasConnections).orderBy(asc(atlasConnections.createdAt));
  return rows.map((row) => ({
    conn: toAtlasConnection(row, ring),
    orgsSeen: row.orgsSeen,
    lastTest: row.lastTest ?? null,
  }));
}

export async function countStoredSecrets(db: Db): Promise<number> {
  const rows = await db.select({ id: atlasConnections.id }).from(atlasConnections);
  return rows.length;
}

/** Start-up: every stored secret must decrypt with the key ring, else the console must not start. */
export async function verifyStoredSecrets(db: Db, ring: KeyRing): Promise<number> {
  const rows = await db.select().from(atlasConnections);
  for (const row of rows) {
    try {
      decryptSecret(ring, row.secretCiphertext, secretContext(row.id));
    } catch (e) {
      throw new Error(
        `The stored secret of Atlas connection “${row.name}” (${row.id}) cannot be decrypted: ${(e as Error).message}`,
      );
    }
  }
  return rows.length;
}

export interface RotationReport {
  total: number;
  reencrypted: number;
  alreadyCurrent: number;
}

/**
 * `keys rotate`: re-encrypts every stored secret whose key is not the current one. Idempotent: a second run
 * finds every secret current. Each row is updated only if its ciphertext is still the one that was read.
 */
export async function reencryptSecrets(db: Db, ring: KeyRing = keyRing()): Promise<RotationReport> {
  const rows = await db.select().from(atlasConnections);
  const report: RotationReport = { total: rows.length, reencrypted: 0, alreadyCurrent: 0 };
  for (const row of rows) {
    if (keyIdOf(row.secretCiphertext) === ring.currentId) {
      report.alreadyCurrent++;
      continue;
    }
    const ctx = secretContext(row.id);
    const plaintext = decryptSecret(ring, row.secretCiphertext, ctx);
    await db
      .update(atlasConnections)
      .set({ secretCiphertext: encryptSecret(ring, plaintext, ctx), secretKeyId: ring.currentId })
      .where(
        and(eq(atlasConnections.id, row.id), eq(atlasConnections.secretCiphertext, row.secretCiphertext)),
      );
    report.reencrypted++;
  }
  routingChanged();
  return report;
}
