import "server-only";
import type { Invitation } from "@/lib/schemas/invitations";
import { routingSnapshot } from "../connections/routing-cache";
import { getDb } from "../db";

/**
 * Atlas names a service account as inviter by its client id ("mdb_sa_id_…"). When that is one of the
 * console's own connections (stored or from ATLAS_* variables), the list shows the connection's name instead:
 * an admin knows "Onboarding bot", not the client id. Matching is exact: client ids are opaque.
 */
export async function nameConnectionInviters<T extends { invitations: Invitation[] }>(list: T): Promise<T> {
  if (!list.invitations.some((i) => i.inviter)) return list;
  const { all } = await routingSnapshot(await getDb());
  const byClientId = new Map(all.map((c) => [c.conn.clientId, c.conn.name]));
  return {
    ...list,
    invitations: list.invitations.map((i) => {
      const name = i.inviter ? byClientId.get(i.inviter) : undefined;
      return name ? { ...i, invitedByConnection: name } : i;
    }),
  };
}
