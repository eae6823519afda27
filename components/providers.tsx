"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Toaster } from "sonner";
import { queryRetryDelay, shouldRetryQuery } from "@/lib/api-client/fetcher";
import { useIsDark, useSystemThemeSync } from "./theme/use-is-dark";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Queries are GETs only; mutations are never retried automatically (invite is not idempotent for Atlas).
      queries: { staleTime: 30_000, retry: shouldRetryQuery, retryDelay: queryRetryDelay },
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
