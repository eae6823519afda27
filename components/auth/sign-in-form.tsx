"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { Input, Label } from "@/components/ui/field";
import { FormAlert } from "./auth-card";
import { safeNext } from "@/lib/safe-next";
import { AuthError, authPost } from "./auth-fetch";

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
  const [message, setMessage] = useState<string | null>(
    error ? (SSO_ERRORS[error] ?? "Single sign-on did not complete. Try again.") : null,
  );
  const [pending, setPending] = useState<"password" | "sso" | null>(null);
  const hydrated = useHydrated();
  // Judged in the browser at the moment of use, against the origin the browser is on.
  const target = () => safeNext(next, window.location.origin);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending("password");
    setMessage(null);
    try {
      const res = await authPost<{ twoFactorRedirect?: boolean }>("/sign-in/email", {
        email: String(form.get("email") ?? "").trim(),
        password: String(form.get("password") ?? ""),
        rememberMe: true,
      });
      if (res.twoFactorRedirect) {
        window.location.assign(`/two-factor?next=${encodeURIComponent(target())}`);
        return;
      }
      window.location.assign(target());
    } catch (err) {
      setMessage(err instanceof AuthError ? err.message : "Sign-in failed. Try again.");
      setPending(null);
    }
  }

  async function onSso() {
    setPending("sso");
    setMessage(null);
    try {
      const res = await authPost<{ url?: string }>("/sign-in/social", {
        provider: "oidc",
        callbackURL: target(),
        errorCallbackURL: "/sign-in",
      });
      if (!res.url) throw new AuthError(500, "Single sign-on is not available right now.");
      window.location.assign(res.url);
    } catch (err) {
      setMessage(err instanceof AuthError ? err.message : "Single sign-on is not available right now.");
      setPending(null);
    }
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
