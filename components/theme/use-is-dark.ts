"use client";

import { useEffect, useSyncExternalStore } from "react";
import { watchSystemTheme } from "./theme";

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}

const readDark = () => document.documentElement.classList.contains("dark");

/** Whether dark mode is on now (false during the server render, then the real value after hydration). */
export function useIsDark(): boolean {
  return useSyncExternalStore(subscribe, readDark, () => false);
}

/** Follows the operating system's light/dark setting while the user has not picked one. */
export function useSystemThemeSync(): void {
  useEffect(() => watchSystemTheme(), []);
}
