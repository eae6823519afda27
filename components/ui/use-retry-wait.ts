"use client";

import { useState } from "react";
import { retryAtOf, waitLeft } from "@/lib/api-client/retry-wait";
import { useSecondsUntil } from "./use-now";

/**
 * Milliseconds left before `error`'s Retry-After (0: none, or over), from the shared one-second clock: an
 * error's message and its Retry button never show different seconds.
 */
export function useRetryWait(error: unknown): number {
  const retryAt = retryAtOf(error);
  // The shared clock stands still while nothing waits: until its first tick, the time this reader appeared.
  const [shownAt] = useState(() => Date.now());
  return waitLeft(retryAt, Math.max(useSecondsUntil(retryAt), shownAt));
}
