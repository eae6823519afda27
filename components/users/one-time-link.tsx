"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** The set-password link, shown once to the admin who hands it over (it is not e-mailed). */
export function OneTimeLink({ email, url, onDone }: { email: string; url: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="flex flex-col gap-2 rounded-md bg-ok-soft p-3 text-sm text-on-ok-soft">
      <p>
        Give <strong>{email}</strong> this one-time link to set their password (valid 24 hours, shown only
        now):
      </p>
      <code aria-label="Set-password link" className="rounded bg-surface px-2 py-1 break-all text-fg">
        {url}
      </code>
      <div className="flex gap-2">
        <Button
          size="sm"
          onClick={async () => {
            await navigator.clipboard?.writeText(url).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy link"}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
