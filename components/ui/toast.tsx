"use client";

import dynamic from "next/dynamic";
import { useSyncExternalStore } from "react";
import type { toast as sonnerToast, ToasterProps } from "sonner";

// Toasts follow an action (a dialog's answer, a retried row), never the first paint: sonner and its styles load
// with the first toast instead of with every page. It keeps a toast made before its Toaster subscribes and
// shows it once it does.

let requested = false;
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

type Kind = "success" | "error" | "info" | "warning";

function show<K extends Kind>(kind: K) {
  return (...args: Parameters<(typeof sonnerToast)[K]>): void => {
    if (!requested) {
      requested = true;
      for (const listener of listeners) listener();
    }
    void import("sonner").then(({ toast }) => (toast[kind] as (...a: typeof args) => unknown)(...args));
  };
}

/** sonner's `toast` (the kinds the console uses), loading sonner on the first call. */
export const toast = {
  success: show("success"),
  error: show("error"),
  info: show("info"),
  warning: show("warning"),
};

const SonnerToaster = dynamic(() => import("sonner").then((m) => m.Toaster), { ssr: false });

/** sonner's Toaster, mounted from the first toast on. */
export function Toaster(props: ToasterProps) {
  const shown = useSyncExternalStore(
    subscribe,
    () => requested,
    () => false,
  );
  return shown ? <SonnerToaster {...props} /> : null;
}
