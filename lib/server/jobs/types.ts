import "server-only";
import type { Logger } from "pino";

/** One kind of job (lib/server/jobs/registry.ts lists them all). */
export interface JobDefinition<D extends object> {
  /** The queue's name: lower-case words and dashes. */
  name: string;
  /** A cron expression (UTC) when the job is scheduled, computed at start from env(); null: not scheduled. */
  schedule?: () => string | null;
  scheduleData?: D;
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
  pollingIntervalSeconds?: number;
  /** Jobs of this queue worked at once in one process (default 1). */
  localConcurrency?: number;
  policy?: "standard" | "short" | "singleton" | "stately";
  /** The unit of work: idempotent and resumable (it may run again after a crash or a failure). */
  handler(data: D, ctx: { jobId: string; log: Logger }): Promise<void>;
}
