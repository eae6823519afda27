"use client";

import { formatWait } from "@/lib/format";
import { Button, type ButtonProps } from "./button";
import { useRetryWait } from "./use-retry-wait";

/**
 * "Retry" for a failed load. When the answer carried Retry-After (rate limited, Atlas busy) the button is
 * disabled and counts down ("Retry in 12 s") until then: a click before it would only be refused again. The
 * count comes from the same clock as the error's message (components/ui/error-message.tsx).
 */
export function RetryButton({ error, children = "Retry", ...props }: ButtonProps & { error: unknown }) {
  const left = useRetryWait(error);
  return (
    <Button {...props} disabled={props.disabled || left > 0}>
      {left > 0 ? `${children} in ${formatWait(left)}` : children}
    </Button>
  );
}
