"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * The set-password link, shown once to the admin who hands it over: when the console cannot send e-mail, or
 * when the e-mail failed (emailError says why).
 */
export function OneTimeLink({
  email,
  url,
  emailError = null,
  onDone,
}: {
  email: string;
  url: string;
  emailError?: string | null;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div
      role="status"
      className={
        emailError
          ? "flex flex-col gap-2 rounded-md bg-warn-soft p-3 text-sm text-on-warn-soft"
          : "flex flex-col gap-2 rounded-md bg-ok-soft p-3 text-sm text-on-ok-soft"
      }
    >
      {emailError ? (
        <p>
          <strong>The e-mail to {email} could not be sent</strong> ({emailError}).
        </p>
      ) : null}
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
