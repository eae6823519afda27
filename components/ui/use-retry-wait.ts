"use client";

import { useState, useSyncExternalStore } from "react";
import { retryAtOf, waitLeft } from "@/lib/api-client/retry-wait";

// One clock, ticking each second while something on screen waits out a Retry-After: every reader gets the
// same instant, so an error's message and its Retry button never show different seconds.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const idle = () => () => {};
const read = () => now;

/** Milliseconds left before `error`'s Retry-After (0: none, or over), from the shared one-second clock. */
export function useRetryWait(error: unknown): number {
  const retryAt = retryAtOf(error);
  // The shared clock stands still while nothing waits: until its first tick, the time this reader appeared.
  const [shownAt] = useState(() => Date.now());
  // Subscribed only while there is a wait ahead: no timer runs for errors without one.
  const clock = useSyncExternalStore(retryAt !== undefined && retryAt > now ? subscribe : idle, read, read);
  return waitLeft(retryAt, Math.max(clock, shownAt));
}
