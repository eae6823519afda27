import "server-only";
import { listStreamLines } from "@/lib/invitations/list-stream";
import type { Invitation } from "@/lib/schemas/invitations";
import { mapError } from "../api/errors";
import { invitationsApi } from "../atlas/invitations";
import { atlasForOrg } from "../connections/route-org";
import { getDb, type Db } from "../db";
import { noticeDepartures } from "../ledger/catch-up";
import { withInviters } from "./connection-inviters";
import { invitedBy } from "./invited-by-cache";
import { readAtlas } from "./list-invitations";
import { logger } from "../log";

/** "invited by" for one page (./list-invitations.ts does the same for the whole list). */
async function attributed(db: Db, orgId: string, page: Invitation[]): Promise<Invitation[]> {
  const byId = await invitedBy(
    db,
    orgId,
    page.map((i) => i.id),
    { keepOthers: true },
  );
  return withInviters(page, (i) => byId.get(i.id));
}

/** After a whole list was read: departures noticed, and the per-org inviter copy kept to what is listed now. */
async function afterTheList(orgId: string, all: Invitation[], readStartedAt: Date, db: Db, ids: string[]) {
  try {
    noticeDepartures(orgId, all, readStartedAt);
    // Pages were attributed without dropping anything: this drops the ids no longer listed.
    await invitedBy(db, orgId, ids);
  } catch (e) {
    logger.warn({ err: e, orgId }, "keeping the inviters of the listed invitations failed");
  }
}

/**
 * The pending list as NDJSON lines (lib/invitations/list-stream.ts), each Atlas page sent as soon as it and
 * the pages before it are in: a big org's first rows show while the rest is read. Resolves once the first
 * page is in, so that a refusal before it (no connection, 401/403 from Atlas, a rate limit) is an ordinary
 * error answer with its status; a failure after it is the stream's last line instead of "end".
 */
export async function streamInvitations(orgId: string): Promise<ReadableStream<Uint8Array>> {
  const { http } = await atlasForOrg(orgId);
  const readStartedAt = new Date();
  const read = readAtlas(http, orgId);
  while (read.pages.length === 0 && !read.done) await read.next();
  if (read.pages.length === 0) await read.all;
  const db = await getDb();
  const api = invitationsApi(http).api;

  async function* lines(): AsyncGenerator<string> {
    yield listStreamLines.head(api, read.total ?? read.pages[0]!.length);
    const ids: string[] = [];
    try {
      for (let next = 0; ;) {
        while (next < read.pages.length) {
          const page = read.pages[next++]!;
          yield listStreamLines.rows(await attributed(db, orgId, page));
          for (const i of page) ids.push(i.id);
        }
        if (read.done) break;
        await read.next();
      }
      const all = await read.all;
      // The answer ends with its last line: what follows is the console's own housekeeping, and an answer held
      // open for it kept the browser's request (and a connection) pending for minutes while PGlite was busy
      // with a catch-up sync (e2e/big-list.spec.ts's phone test waited on that answer's end until its limit).
      void afterTheList(orgId, all, readStartedAt, db, ids);
      yield listStreamLines.end(ids.length);
    } catch (e) {
      const mapped = mapError(e);
      yield listStreamLines.error(mapped.status, mapped.body);
    }
  }

  const encoder = new TextEncoder();
  const source = lines();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await source.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await source.return(undefined);
    },
  });
}
