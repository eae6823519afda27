"use client";

import { useState } from "react";
import type { CreatedToken } from "@/lib/schemas/tokens";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Input, Label } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { usageExamples } from "./tokens-model";

/**
 * The secret, once: a read-only field to copy from, what to do with it, and no way to see it again. A stray
 * click outside does not close it; Done (or Esc, or the close button) does, and the secret is dropped.
 */
export function TokenRevealDialog({
  token,
  onDone,
  returnFocusFallback,
}: {
  token: CreatedToken | null;
  onDone: () => void;
  /** Where focus goes on Done: the form that opened it has closed meanwhile. */
  returnFocusFallback?: () => HTMLElement | null | undefined;
}) {
  const [copied, setCopied] = useState<"yes" | "refused" | null>(null);
  const done = () => {
    setCopied(null);
    onDone();
  };
  const copy = async () => {
    if (!token) return;
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied("yes");
    } catch {
      setCopied("refused");
    }
  };
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <Dialog open={token !== null} onOpenChange={(next) => !next && done()}>
      {token ? (
        <DialogContent
          size="lg"
          title={`Your new token “${token.name}”`}
          description="It acts as you wherever it is sent, within the role and orgs you chose."
          onInteractOutside={(e) => e.preventDefault()}
          returnFocusFallback={returnFocusFallback}
        >
          <RevealBody token={token.token} origin={origin} copied={copied} onCopy={() => void copy()} />
          <DialogFooter>
            <Button variant="primary" onClick={done}>
              Done
            </Button>
          </DialogFooter>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}

function RevealBody({
  token,
  origin,
  copied,
  onCopy,
}: {
  token: string;
  origin: string;
  copied: "yes" | "refused" | null;
  onCopy: () => void;
}) {
  const usage = usageExamples(origin);
  return (
    <DialogBody className="flex min-w-0 flex-col gap-4">
      <FormAlert tone="warn" message="Copy it now: it will not be shown again." />
      <div className="flex min-w-0 flex-col gap-1.5">
        <Label htmlFor="token-secret">Token</Label>
        <div className="flex flex-wrap gap-2 sm:flex-nowrap">
          <Input
            id="token-secret"
            readOnly
            value={token}
            spellCheck={false}
            autoComplete="off"
            className="min-w-0 flex-1 font-mono"
            onFocus={(e) => e.currentTarget.select()}
          />
          <Button onClick={onCopy}>{copied === "yes" ? "Copied" : "Copy"}</Button>
        </div>
        <p aria-live="polite" className="text-xs text-muted">
          {copied === "yes"
            ? "Copied to the clipboard."
            : copied === "refused"
              ? "The browser refused to copy: select the token and copy it by hand."
              : ""}
        </p>
      </div>
      <div className="flex min-w-0 flex-col gap-1.5 text-sm">
        <p>Send it as a bearer token, in place of &lt;token&gt;:</p>
        <pre className="max-w-full rounded-md break-all whitespace-pre-wrap bg-subtle p-2 font-mono text-xs">
          <code>{usage.curl}</code>
        </pre>
        <p>Or keep it in the command-line client’s configuration:</p>
        <pre className="max-w-full rounded-md break-all whitespace-pre-wrap bg-subtle p-2 font-mono text-xs">
          <code>{usage.cli}</code>
        </pre>
        <p className="text-xs text-muted">
          Keep it like a password: anyone holding it acts as you until it expires or you revoke it.
        </p>
      </div>
    </DialogBody>
  );
}
