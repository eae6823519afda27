"use client";

import { useEffect, useState } from "react";
import { formatWait } from "@/lib/format";
import { Button, type ButtonProps } from "./button";

/**
 * "Retry" for a failed load. When the answer carried Retry-After (rate limited, Atlas busy) the button is
 * disabled and counts down ("Retry in 12 s") until then: a click before it would only be refused again.
 */
export function RetryButton({ error, children = "Retry", ...props }: ButtonProps & { error: unknown }) {
  const retryAt =
    typeof error === "object" &&
    error !== null &&
    typeof (error as { retryAt?: unknown }).retryAt === "number"
      ? (error as { retryAt: number }).retryAt
      : undefined;
  const [now, setNow] = useState(() => Date.now());
  const waiting = retryAt !== undefined && retryAt > now;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waiting]);
  return (
    <Button {...props} disabled={props.disabled || waiting}>
      {waiting ? `${children} in ${formatWait(retryAt - now)}` : children}
    </Button>
  );
}
