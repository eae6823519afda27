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
      yield listStreamLines.end(ids.length);
      noticeDepartures(orgId, all, readStartedAt);
      // Keeps the per-org copy to what is listed now (pages were attributed without dropping anything).
      await invitedBy(db, orgId, ids);
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
