"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { Input, Label } from "@/components/ui/field";
import { FormAlert } from "./auth-card";
import { safeNext } from "@/lib/safe-next";
import { AuthError, authPost } from "./auth-fetch";

/** The second step of a password sign-in: a code from the authenticator app, or a recovery code. */
export function TwoFactorForm({ next }: { next: string | null }) {
  const [recovery, setRecovery] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get("code") ?? "").replace(/\s+/g, "");
    setPending(true);
    setMessage(null);
    try {
      await authPost(recovery ? "/two-factor/verify-backup-code" : "/two-factor/verify-totp", { code });
      window.location.assign(safeNext(next, window.location.origin));
    } catch (err) {
      const expired = err instanceof AuthError && err.code === "INVALID_TWO_FACTOR_COOKIE";
      setMessage(
        expired
          ? "This sign-in attempt has expired. Sign in again."
          : err instanceof AuthError
            ? err.message
            : "Verification failed.",
      );
      setPending(false);
    }
  }

  return (
    // POST and no submit before hydration: a form sent by the browser itself would put the code in the URL.
    <form method="post" className="flex flex-col gap-4" onSubmit={onSubmit} noValidate key={String(recovery)}>
      <FormAlert message={message} />
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="code">{recovery ? "Recovery code" : "Authentication code"}</Label>
        <Input
          id="code"
          name="code"
          autoComplete="one-time-code"
          inputMode={recovery ? "text" : "numeric"}
          required
          autoFocus
        />
      </div>
      <Button type="submit" variant="primary" pending={pending} disabled={!hydrated}>
        Verify
      </Button>
      <button
        type="button"
        className="self-start text-sm text-primary underline-offset-2 hover:underline"
        onClick={() => {
          setRecovery(!recovery);
          setMessage(null);
        }}
      >
        {recovery ? "Use the authenticator app instead" : "Use a recovery code instead"}
      </button>
      <a href="/sign-in" className="self-start text-sm text-muted underline-offset-2 hover:underline">
        Back to sign-in
      </a>
    </form>
  );
}
