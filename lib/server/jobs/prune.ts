import "server-only";
import { pruneIdempotency } from "../audit/reconcile";
import { getDb } from "../db";
import type { JobDefinition } from "./types";

/** Hourly: forget finished idempotency records past their 24-hour replay window (also run at start-up). */
export const pruneJob: JobDefinition<Record<string, never>> = {
  name: "prune-idempotency",
  schedule: () => "17 * * * *",
  async handler() {
    await pruneIdempotency(await getDb());
  },
};
