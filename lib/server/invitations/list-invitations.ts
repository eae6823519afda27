import "server-only";
import type { Invitation } from "@/lib/schemas/invitations";
import type { AtlasHttp } from "../atlas/http";
import { invitationsApi, listProjectInvitations } from "../atlas/invitations";
import { atlasForOrg } from "../connections/route-org";
import { getDb } from "../db";
import { noticeDepartures } from "../ledger/catch-up";
import { withInviters } from "./connection-inviters";
import { invitedBy, invitedByChanged } from "./invited-by-cache";

// Atlas limits calls per org and endpoint set (sim/README.md, "Rate limit"): the org-users bucket that every
// list read spends is the one invites need too. Readers asking for the same org's list while an Atlas read of
// it is under way share that read, so the Atlas calls follow the number of lists in flight, not the number of
// readers (tabs, polling, scripts), and reads cannot starve creates of their budget. A reader never joins a
// read that started before this console's last change to that org (invitationsChanged): its own invite or
// cancel always shows.
const inflight = new Map<string, Promise<Invitation[]>>();
const changes = new Map<string, number>();

/** After an invite or cancel in this org (whatever its outcome): later list reads go to Atlas afresh. */
export function invitationsChanged(orgId: string): void {
  changes.set(orgId, (changes.get(orgId) ?? 0) + 1);
  invitedByChanged(orgId);
}

function readAtlas(http: AtlasHttp, orgId: string): Promise<Invitation[]> {
  const key = `${http.conn.id}\u0000${http.conn.invitesApi}\u0000${orgId}\u0000${changes.get(orgId) ?? 0}`;
  let read = inflight.get(key);
  if (!read) {
    read = Promise.all([invitationsApi(http).list(orgId), listProjectInvitations(http, orgId)])
      .then(([org, project]) => [...org, ...project])
      .finally(() => inflight.delete(key));
    inflight.set(key, read);
  }
  return read;
}

/** Every pending invitation of an org: org invitations (either Atlas API) and legacy project invitations. */
export async function listInvitations(orgId: string) {
  const { http } = await atlasForOrg(orgId);
  const readStartedAt = new Date();
  const invitations = await readAtlas(http, orgId);
  // Invitations the ledger holds as pending and Atlas no longer lists: the org's sync is queued at once.
  noticeDepartures(orgId, invitations, readStartedAt);
  // "invited by <console user>": Atlas only knows the service account, the console's ledger and audit log
  // know the person (kept per org: ./invited-by-cache.ts).
  const byId = await invitedBy(
    await getDb(),
    orgId,
    invitations.map((i) => i.id),
  );
  return {
    api: invitationsApi(http).api,
    invitations: await withInviters(invitations, (i) => byId.get(i.id)),
  };
}
