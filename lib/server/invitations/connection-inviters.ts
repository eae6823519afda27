import "server-only";
import type { Invitation } from "@/lib/schemas/invitations";
import { routingSnapshot } from "../connections/routing-cache";
import { getDb } from "../db";
import type { Attribution } from "../ledger/attribution";

/**
 * Atlas names a service account as inviter by its client id ("mdb_sa_id_…"). When that is one of the
 * console's own connections (stored or from ATLAS_* variables), it is shown by the connection's name instead:
 * an admin knows "Onboarding bot", not the client id. Matching is exact: client ids are opaque. A ledger row
 * the console wrote itself may hold the connection's name already (createUser): that counts as the same.
 */
async function connectionNamer(): Promise<(raw: string | null | undefined) => string | undefined> {
  const { all } = await routingSnapshot(await getDb());
  const byClientId = new Map(all.map((c) => [c.conn.clientId, c.conn.name]));
  const names = new Set(all.map((c) => c.conn.name));
  return (raw) => (raw ? (byClientId.get(raw) ?? (names.has(raw) ? raw : undefined)) : undefined);
}

/**
 * The one step that fills an invitation's "invited by" fields (worded by lib/schemas/inviter-label.ts) for
 * every view: the live list, the ledger tabs and a person's timeline.
 */
export async function withInviters<I extends Invitation>(
  invitations: I[],
  attributionOf: (inv: I) => Attribution | undefined,
): Promise<I[]> {
  const needsNames = invitations.some((i) => i.inviter || attributionOf(i)?.firstByIsAtlas);
  const nameOf = needsNames ? await connectionNamer() : () => undefined;
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
