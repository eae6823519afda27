"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { Input, Label } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { authMessage } from "@/lib/api-client/auth/errors";
import { useVerifyTwoFactor } from "@/lib/api-client/auth/mutations";
import { safeNext } from "@/lib/safe-next";

/** The second step of a password sign-in: a code from the authenticator app, or a recovery code. */
export function TwoFactorForm({ next }: { next: string | null }) {
  const [recovery, setRecovery] = useState(false);
  const verify = useVerifyTwoFactor();
  // After a right code the browser is leaving: Verify stays busy until the next page replaces this one.
  const [leaving, setLeaving] = useState(false);
  const hydrated = useHydrated();

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get("code") ?? "").replace(/\s+/g, "");
    verify.mutate(
      { code, recovery },
      {
        onSuccess: () => {
          setLeaving(true);
          window.location.assign(safeNext(next, window.location.origin));
        },
      },
    );
  }

  return (
    // POST and no submit before hydration: a form sent by the browser itself would put the code in the URL.
    <form method="post" className="flex flex-col gap-4" onSubmit={onSubmit} noValidate key={String(recovery)}>
      <FormAlert message={authMessage(verify.error, "Verification failed.")} />
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
      <Button type="submit" variant="primary" pending={verify.isPending || leaving} disabled={!hydrated}>
        Verify
      </Button>
      <button
        type="button"
        className="self-start text-sm text-primary underline-offset-2 hover:underline"
        onClick={() => {
          setRecovery(!recovery);
          verify.reset();
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
