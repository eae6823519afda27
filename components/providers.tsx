"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { useState, type ReactNode } from "react";
import { Toaster } from "@/components/ui/toast";
import { queryRetryDelay, shouldRetryQuery } from "@/lib/api-client/fetcher";
import { useIsDark } from "./theme/use-is-dark";

/**
 * Where the light/dark choice is saved. The key the console used before next-themes, so a saved choice is
 * kept ("light" / "dark"; absent or "system": follow the operating system).
 */
const THEME_STORAGE_KEY = "invite-console-theme";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Queries are GETs only; mutations are never retried automatically (invite is not idempotent for Atlas).
      queries: { staleTime: 30_000, retry: shouldRetryQuery, retryDelay: queryRetryDelay },
      mutations: { retry: false },
    },
  });
}

function ThemedToaster() {
  const dark = useIsDark();
  // Bottom-left: dialog footers keep their buttons on the right, where a toast would cover them.
  return <Toaster richColors closeButton theme={dark ? "dark" : "light"} position="bottom-left" />;
}

/**
 * `nonce`: proxy.ts's per-request CSP nonce, for next-themes' inline script, which sets the "dark" class on
 * <html> (app/globals.css's dark variant) before the first paint: no flash of the wrong theme.
 */
export function Providers({ children, nonce }: { children: ReactNode; nonce?: string }) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <ThemeProvider
      attribute="class"
      defaultTheme="system"
      enableSystem
      storageKey={THEME_STORAGE_KEY}
      nonce={nonce}
    >
      <QueryClientProvider client={queryClient}>
        {/* URL state (tabs, filters, sort) through nuqs: lib/search-params/ holds the parsers. */}
        <NuqsAdapter>{children}</NuqsAdapter>
        <ThemedToaster />
      </QueryClientProvider>
    </ThemeProvider>
  );
}
