"use client";

import { useTheme } from "next-themes";
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * Whether dark mode is on (next-themes' resolved theme: the saved choice, else the system's). False during
 * the server render and hydration, which cannot know it, then the real value: no hydration mismatch.
 */
export function useIsDark(): boolean {
  const { resolvedTheme } = useTheme();
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return hydrated && resolvedTheme === "dark";
}
