import type { AppRouterInstance } from "next/dist/shared/lib/app-router-context.shared-runtime";
import type { BulkRun } from "@/lib/schemas/bulk";
import { BULK_PLAN_BUCKETS, BULK_ROW_STATES } from "@/lib/schemas/onboarding";

export const ORG = "5f1000000000000000000001";
export const RUN = "6a0000000000000000000001";

type Counts<K extends string> = Partial<Record<K, number>>;

/** A run as the server answers it; counts and progress not given are 0. */
export function makeRun(
  over: Omit<Partial<BulkRun>, "buckets" | "states" | "progress"> & {
    buckets?: Counts<keyof BulkRun["buckets"] & string>;
    states?: Counts<keyof BulkRun["states"] & string>;
    progress?: Partial<BulkRun["progress"]>;
  } = {},
): BulkRun {
  const { buckets, states, progress, ...rest } = over;
  return {
    id: RUN,
    orgId: ORG,
    kind: "import",
    status: "planned",
    label: "staff.csv",
    headers: ["email"],
    unknownHeaders: [],
    total: 0,
    buckets: Object.fromEntries(BULK_PLAN_BUCKETS.map((b) => [b, buckets?.[b] ?? 0])) as BulkRun["buckets"],
    states: Object.fromEntries(BULK_ROW_STATES.map((s) => [s, states?.[s] ?? 0])) as BulkRun["states"],
    failures: [],
    retryable: 0,
    parentRunId: null,
    createdBy: "ada@example.com",
    createdAt: "2026-12-06T18:00:00.000Z",
    startedAt: null,
    finishedAt: null,
    progress: {
      done: 0,
      toSend: 0,
      perMinute: null,
      etaSeconds: null,
      rateLimit: null,
      rateRemaining: null,
      waitingUntil: null,
      ...progress,
    },
    expectedSeconds: null,
    approvalsNeeded: 0,
    ...rest,
  };
}

const unused = () => {
  throw new Error("no navigation while rendering");
};
/** For AppRouterContext: useRouter needs a mounted app router; nothing navigates while rendering. */
export const ROUTER: AppRouterInstance = {
  back: unused,
  forward: unused,
  refresh: unused,
  push: unused,
  replace: unused,
  prefetch: unused,
  bfcacheId: "test",
};
