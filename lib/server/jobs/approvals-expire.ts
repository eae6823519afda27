import "server-only";
import { expireOverdue } from "../approvals/rows";
import { getDb } from "../db";
import type { JobDefinition } from "./types";

/** Every 10 minutes: unanswered approval requests past their expiry are auto-denied ("expired"), each audited. */
export const approvalsExpireJob: JobDefinition<Record<string, never>> = {
  name: "approvals-expire",
  schedule: () => "*/10 * * * *",
  async handler(_data, { log }) {
    const expired = await expireOverdue(await getDb());
    if (expired.length > 0) log.info({ count: expired.length }, "approval requests expired");
  },
};
