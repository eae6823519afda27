"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ApiError } from "@/lib/api-client/errors";
import { ErrorMessage } from "@/components/ui/error-message";
import { RetryButton } from "@/components/ui/retry-button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatePanel } from "@/components/ui/state-panel";

/**
 * The body of an Account section that shows one query: skeleton rows while it loads, the error with Retry
 * (counting down a Retry-After), then `children` with the data.
 */
export function SectionQuery<T>({
  query,
  loadingLabel,
  errorTitle,
  rows = 1,
  children,
}: {
  query: UseQueryResult<T>;
  loadingLabel: string;
  errorTitle: string;
  rows?: number;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) {
    return (
      <div role="status" aria-label={loadingLabel} className="flex flex-col gap-3">
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} className="h-10 w-full" />
        ))}
      </div>
    );
  }
  if (query.isError) {
    return (
      <StatePanel
        role="alert"
        tone="danger"
        title={errorTitle}
        action={
          <RetryButton error={query.error} pending={query.isFetching} onClick={() => void query.refetch()}>
            Retry
          </RetryButton>
        }
      >
        {query.error instanceof ApiError ? <ErrorMessage error={query.error} /> : "Something went wrong."}
      </StatePanel>
    );
  }
  return children(query.data);
}
