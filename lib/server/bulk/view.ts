import "server-only";
import type { BulkRun } from "@/lib/schemas/bulk";
import { observedBudget } from "../atlas/budget";
import type { Db } from "../db";
import type { BulkRunRow } from "../db/schema";
import { countRun, runOut } from "./runs";
import { reserveOf } from "./work-run";

/** The Atlas budget a run planned with (GET /rateLimits), kept in its options. */
export interface PlannedBudget {
  capacity: number;
  refillRate: number;
  refillDurationSeconds: number;
  connectionId: string;
  template: "createOrgUser" | "createOrgInvite";
}

/** Seconds one create takes when the bucket has room (Atlas's answer time, about). */
const CALL_SECONDS = 0.15;

/**
 * How long `n` creates take at the org's budget: what the bucket holds above the reserve goes at once, the rest at
 * the refill rate. Null when Atlas did not say its bucket.
 */
export function expectedSeconds(
  n: number,
  budget: PlannedBudget | null,
  remaining: number | null,
): number | null {
  if (!budget || budget.refillRate <= 0) return null;
  const available = Math.max(0, (remaining ?? budget.capacity) - reserveOf(budget.capacity));
  if (n <= available) return Math.ceil(n * CALL_SECONDS);
  const perToken = budget.refillDurationSeconds / budget.refillRate;
  return Math.ceil(available * CALL_SECONDS + (n - available) * Math.max(perToken, CALL_SECONDS));
}

export async function viewRun(db: Db, run: BulkRunRow): Promise<BulkRun> {
  const counts = await countRun(db, run.id);
  const budget = (run.options.budget as PlannedBudget | undefined) ?? null;
  const seen = budget ? observedBudget(budget.connectionId, budget.template, run.orgId) : null;
  const left =
    run.status === "planned" ? counts.buckets.ready : counts.states.planned + counts.states.sending;
  const expected =
    run.kind === "import" && ["planned", "running", "paused"].includes(run.status)
      ? expectedSeconds(left, budget, seen?.remaining ?? null)
      : null;
  return runOut(run, counts, { expectedSeconds: expected });
}
