import "server-only";
import { pruneJob } from "./prune";
import type { JobDefinition } from "./types";

/** Every job the console runs. A job file exports its definition; add it here. */
export const JOBS = [pruneJob] as const satisfies readonly JobDefinition<object>[];
