import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../db";

/** The request log keeps the newest 500 SCIM requests per org (the sweep job trims it every minute). */
export async function pruneScimRequests(db: Db): Promise<void> {
  await db.execute(sql`
    delete from scim_requests where id in (
      select id from (
        select id, row_number() over (partition by org_id order by id desc) as n from scim_requests
      ) ranked where n > 500
    )`);
}
