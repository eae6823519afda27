import "server-only";
import type { Invitation } from "@/lib/schemas/invitations";
import { routingSnapshot } from "../connections/routing-cache";
import { atlasConnections } from "../db/schema/connections";
import { envConnection } from "../atlas";
import { getDb, type Db } from "../db";
import type { Attribution } from "../ledger/attribution";

/**
 * Atlas names a service account as inviter by its client id ("mdb_sa_id_…"). When that is one of the
 * console's own connections (stored or from ATLAS_* variables), it is shown by the connection's name instead:
 * an admin knows "Onboarding bot", not the client id. Matching is exact: client ids are opaque. A ledger row
 * the console wrote itself may hold the connection's name already (createUser): that counts as the same.
 */
async function connectionNamer(db?: Db): Promise<(raw: string | null | undefined) => string | undefined> {
  const all = db ? await connectionNames(db) : (await routingSnapshot(await getDb())).all.map((c) => c.conn);
  const byClientId = new Map(all.map((c) => [c.clientId, c.name]));
  const names = new Set(all.map((c) => c.name));
  return (raw) => (raw ? (byClientId.get(raw) ?? (names.has(raw) ? raw : undefined)) : undefined);
}

/** Every connection's client id and name from `db` itself, without decrypting any secret. */
async function connectionNames(db: Db): Promise<{ clientId: string; name: string }[]> {
  const stored = await db
    .select({ clientId: atlasConnections.clientId, name: atlasConnections.name })
    .from(atlasConnections);
  const env = envConnection();
  return env ? [env, ...stored] : stored;
}

/**
 * The one step that fills an invitation's "invited by" fields (worded by lib/schemas/inviter-label.ts) for
 * every view: the live list, the ledger tabs, a person's timeline and the daily digest. A caller inside a
 * transaction passes it as `db`: connection names are then read through it (on PGlite a read on the shared
 * handle would wait for the transaction to end).
 */
export async function withInviters<I extends Invitation>(
  invitations: I[],
  attributionOf: (inv: I) => Attribution | undefined,
  db?: Db,
): Promise<I[]> {
  const needsNames = invitations.some((i) => i.inviter || attributionOf(i)?.firstByIsAtlas);
  const nameOf = needsNames ? await connectionNamer(db) : () => undefined;
  return invitations.map((i) => {
    const a = attributionOf(i);
    const connection = nameOf(i.inviter);
    const out: I = { ...i };
    if (connection) out.invitedByConnection = connection;
    if (a) {
      out.invitedByConsoleUser = a.by;
      out.invitedVia = a.via;
      const first = a.firstByIsAtlas ? (nameOf(a.firstBy) ?? a.firstBy) : a.firstBy;
      if (first) out.firstInvitedBy = first;
    }
    return out;
  });
}
