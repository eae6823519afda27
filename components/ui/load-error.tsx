import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Button } from "./button";
import { StatePanel } from "./state-panel";

/** A view whose query failed: what could not be loaded (`title`), why (`children`), and Retry. */
export function LoadError({
  title,
  query,
  children,
}: {
  title: string;
  query: Pick<UseQueryResult, "isFetching" | "refetch">;
  children: ReactNode;
}) {
  return (
    <StatePanel
      role="alert"
      tone="danger"
      title={title}
      action={
        <Button variant="primary" pending={query.isFetching} onClick={() => void query.refetch()}>
          Retry
        </Button>
      }
    >
      {children}
    </StatePanel>
  );
}
