"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/field";

/** A read-only value with a Copy button; the result is announced (a browser may refuse the clipboard). */
export function CopyField({
  id,
  label,
  value,
  copyLabel,
}: {
  id: string;
  label: string;
  value: string;
  /** The button's accessible name ("Copy the base URL"). */
  copyLabel: string;
}) {
  const [copied, setCopied] = useState<"yes" | "refused" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("refused");
    }
  };
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex min-w-0 flex-wrap gap-2 sm:flex-nowrap">
        <Input
          id={id}
          readOnly
          value={value}
          spellCheck={false}
          autoComplete="off"
          className="min-w-0 flex-1 font-mono"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button aria-label={copyLabel} onClick={() => void copy()}>
          {copied === "yes" ? "Copied" : "Copy"}
        </Button>
      </div>
      <p aria-live="polite" className="min-h-4 text-xs text-muted">
        {copied === "yes"
          ? "Copied to the clipboard."
          : copied === "refused"
            ? "The browser refused to copy: select the text and copy it by hand."
            : ""}
      </p>
    </div>
  );
}
