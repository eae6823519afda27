"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { StatePanel } from "@/components/ui/state-panel";

/** Safety net for an unexpected render failure; API errors are handled in the views and never land here. */
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <StatePanel
      role="alert"
      tone="danger"
      title="This page failed to display"
      action={
        <Button variant="primary" onClick={() => retry()}>
          Try again
        </Button>
      }
    >
      Something unexpected happened in the browser. Trying again usually helps.
    </StatePanel>
  );
}
