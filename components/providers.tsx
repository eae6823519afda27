"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Toaster } from "sonner";
import { ApiError } from "@/lib/api-client/errors";
import { useIsDark, useSystemThemeSync } from "./theme/use-is-dark";

// Retrying cannot help when the request itself was refused or the connection is misconfigured or retired.
const FINAL_CODES = new Set(["atlas_auth", "atlas_gone", "unknown_outcome"]);

function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError) {
    if (error.status >= 400 && error.status < 500) return false;
    if (FINAL_CODES.has(error.code)) return false;
  }
  return failureCount < 2;
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Queries are GETs only; mutations are never retried automatically (invite is not idempotent for Atlas).
      queries: { staleTime: 30_000, retry: shouldRetry },
      mutations: { retry: false },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const dark = useIsDark();
  useSystemThemeSync();
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      {/* Bottom-left: dialog footers keep their buttons on the right, where a toast would cover them. */}
      <Toaster richColors closeButton theme={dark ? "dark" : "light"} position="bottom-left" />
    </QueryClientProvider>
  );
}
