"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { FieldHint, Input, Label } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { authMessage } from "@/lib/api-client/auth/errors";
import { useSetPassword } from "@/lib/api-client/auth/mutations";

/** The one-time link an admin hands to a new console user. */
export function SetPasswordForm({ token }: { token: string }) {
  // Checked here before anything is sent; the server's refusal comes from the mutation.
  const [invalid, setInvalid] = useState<string | null>(null);
  const setPassword = useSetPassword();
  const hydrated = useHydrated();

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get("password") ?? "");
    setPassword.reset();
    if (password.length < 12) return setInvalid("The password must be at least 12 characters long.");
    if (password !== String(form.get("confirm") ?? "")) return setInvalid("The two passwords differ.");
    setInvalid(null);
    setPassword.mutate({ newPassword: password, token });
  }

  if (setPassword.isSuccess) {
    return (
      <div className="flex flex-col gap-4">
        <p role="status" className="rounded-md bg-ok-soft px-3 py-2 text-sm text-on-ok-soft">
          Your password is set.
        </p>
        <a href="/sign-in" className="text-sm font-medium text-primary underline-offset-2 hover:underline">
          Continue to sign-in
        </a>
      </div>
    );
  }
  return (
    // POST and no submit before hydration: a form sent by the browser itself would put the password in the URL.
    <form method="post" className="flex flex-col gap-4" onSubmit={onSubmit} noValidate>
      <FormAlert message={invalid ?? authMessage(setPassword.error, "The password could not be set.")} />
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="password">New password</Label>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          aria-describedby="password-hint"
          required
          autoFocus
        />
        <FieldHint id="password-hint">At least 12 characters.</FieldHint>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="confirm">Repeat the password</Label>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required />
      </div>
      <Button type="submit" variant="primary" pending={setPassword.isPending} disabled={!hydrated}>
        Set password
      </Button>
    </form>
  );
}
