"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { Input, Label } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { authMessage } from "@/lib/api-client/auth/errors";
import { SSO_UNAVAILABLE_MESSAGE } from "@/lib/api-client/auth/calls";
import { useSignIn, useSignInWithSso } from "@/lib/api-client/auth/mutations";
import { safeNext } from "@/lib/safe-next";

const SSO_ERRORS: Record<string, string> = {
  domain_not_allowed: "Single sign-on is not open to your e-mail domain. Ask a console admin.",
  account_not_linked: "An account with this e-mail exists but is not linked to single sign-on. Ask an admin.",
  unable_to_create_session: "Your console account is deactivated. Ask a console admin.",
  signup_disabled: "Sign-up is closed. Ask a console admin to add you.",
};

export function SignInForm({
  next,
  sso,
  demo,
  error,
}: {
  next: string | null;
  sso: string | null;
  demo: boolean;
  error: string | null;
}) {
  // The SSO provider's refusal arrives in the URL (?error=); it shows until the next attempt.
  const [ssoRefusal, setSsoRefusal] = useState<string | null>(
    error ? (SSO_ERRORS[error] ?? "Single sign-on did not complete. Try again.") : null,
  );
  const signIn = useSignIn();
  const signInWithSso = useSignInWithSso();
  // The browser is leaving after a success: the buttons stay busy until the next page replaces this one.
  const [leaving, setLeaving] = useState<"password" | "sso" | null>(null);
  const hydrated = useHydrated();
  // Judged in the browser at the moment of use, against the origin the browser is on.
  const target = () => safeNext(next, window.location.origin);

  const pending = leaving ?? (signIn.isPending ? "password" : signInWithSso.isPending ? "sso" : null);
  const message =
    authMessage(signIn.error, "Sign-in failed. Try again.") ??
    authMessage(signInWithSso.error, SSO_UNAVAILABLE_MESSAGE) ??
    ssoRefusal;

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setSsoRefusal(null);
    signInWithSso.reset();
    signIn.mutate(
      { email: String(form.get("email") ?? "").trim(), password: String(form.get("password") ?? "") },
      {
        onSuccess: ({ twoFactorRedirect }) => {
          setLeaving("password");
          window.location.assign(
            twoFactorRedirect ? `/two-factor?next=${encodeURIComponent(target())}` : target(),
          );
        },
      },
    );
  }

  function onSso() {
    setSsoRefusal(null);
    signIn.reset();
    signInWithSso.mutate(
      { callbackURL: target() },
      {
        onSuccess: ({ url }) => {
          setLeaving("sso");
          window.location.assign(url);
        },
      },
    );
  }

  return (
    <div className="flex flex-col gap-4">
      {demo ? (
        <p className="rounded-md bg-info-soft px-3 py-2 text-sm text-on-info-soft">
          Demo mode: sign in as <strong>admin@demo.local</strong> with the password that{" "}
          <code>npm run demo</code> printed.
        </p>
      ) : null}
      <FormAlert message={message} />
      {/* POST and no submit before hydration: a form sent by the browser itself would carry the password in the
          URL (a GET to this page). */}
      <form method="post" className="flex flex-col gap-4" onSubmit={onSubmit} noValidate>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="email">E-mail</Label>
          <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="password">Password</Label>
          <Input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <Button
          type="submit"
          variant="primary"
          pending={pending === "password"}
          disabled={!hydrated || pending !== null}
        >
          Sign in
        </Button>
      </form>
      {sso ? (
        <>
          <div className="flex items-center gap-3 text-xs text-muted" aria-hidden="true">
            <span className="h-px flex-1 bg-line" />
            or
            <span className="h-px flex-1 bg-line" />
          </div>
          <Button onClick={onSso} pending={pending === "sso"} disabled={!hydrated || pending !== null}>
            Sign in with {sso}
          </Button>
        </>
      ) : null}
    </div>
  );
}
