"use client";

import { useSyncExternalStore } from "react";

// Shared clocks: every reader gets the same instant, and a clock's timer runs only while someone listens.

function clock(periodMs: number) {
  let now = Date.now();
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    read: () => now,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      if (!timer) {
        now = Date.now();
        timer = setInterval(() => {
          now = Date.now();
          listeners.forEach((l) => l());
        }, periodMs);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
  };
}

/** Ticks once a minute: relative dates ("in 3 days", "expired"). */
const minutes = clock(60_000);
/** Ticks each second while something on screen waits out a Retry-After. */
const seconds = clock(1000);

const idle = () => () => {};

/**
 * The minute clock. `held`: the caller already holds a clock (a list passes one to every row), so this reader
 * does not subscribe: a search keystroke mounts and unmounts dozens of rows, each with two dates.
 */
export function useNow(held?: number): number {
  const now = useSyncExternalStore(held === undefined ? minutes.subscribe : idle, minutes.read, minutes.read);
  return held ?? now;
}

/**
 * The one-second clock, subscribed only while `until` (epoch ms) is ahead of it: no timer runs for nothing.
 * It stands still while nothing waits, so callers compare with their own first render too.
 */
export function useSecondsUntil(until: number | undefined): number {
  return useSyncExternalStore(
    until !== undefined && until > seconds.read() ? seconds.subscribe : idle,
    seconds.read,
    seconds.read,
  );
}
