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
const inflight = new Map<string, SharedRead>();
const changes = new Map<string, number>();

/** After an invite or cancel in this org (whatever its outcome): later list reads go to Atlas afresh. */
export function invitationsChanged(orgId: string): void {
  changes.set(orgId, (changes.get(orgId) ?? 0) + 1);
  invitedByChanged(orgId);
}

/**
 * One Atlas read of an org's list, shared by its readers: the pages so far (org invitations in Atlas's page
 * order, then the legacy project invitations as one last page), how many Atlas counted, and the whole list.
 */
interface SharedRead {
  readonly pages: readonly Invitation[][];
  /** Atlas's count of the org invitations once page 1 is in (project invitations not included). */
  readonly total: number | undefined;
  readonly all: Promise<Invitation[]>;
  /** Resolves at the next page, or when the read ends (either way). */
  next(): Promise<void>;
  readonly done: boolean;
}

function startRead(http: AtlasHttp, orgId: string): SharedRead {
  const pages: Invitation[][] = [];
  let total: number | undefined;
  let done = false;
  let wake: () => void = () => {};
  let signal = new Promise<void>((r) => (wake = r));
  const notify = () => {
    wake();
    signal = new Promise<void>((r) => (wake = r));
  };
  // Project invitations (tens of projects, a few calls each) are read beside the org's pages and follow them.
  const project = listProjectInvitations(http, orgId);
  project.catch(() => {});
  const org = invitationsApi(http).list(orgId, (page, count) => {
    total ??= count;
    pages.push(page);
    notify();
  });
  const all = Promise.all([org, project])
    .then(([orgList, projectList]) => {
      pages.push(projectList);
      return [...orgList, ...projectList];
    })
    .finally(() => {
      done = true;
      notify();
    });
  all.catch(() => {});
  return {
    pages,
    all,
    next: () => signal,
    get total() {
      return total;
    },
    get done() {
      return done;
    },
  };
}

export function readAtlas(http: AtlasHttp, orgId: string): SharedRead {
  const key = `${http.conn.id}\u0000${http.conn.invitesApi}\u0000${orgId}\u0000${changes.get(orgId) ?? 0}`;
  let read = inflight.get(key);
  if (!read) {
    const started = startRead(http, orgId);
    inflight.set(key, started);
    void started.all.catch(() => {}).finally(() => inflight.delete(key));
    read = started;
  }
  return read;
}

/** Every pending invitation of an org: org invitations (either Atlas API) and legacy project invitations. */
export async function listInvitations(orgId: string) {
  const { http } = await atlasForOrg(orgId);
  const readStartedAt = new Date();
  const invitations = await readAtlas(http, orgId).all;
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
