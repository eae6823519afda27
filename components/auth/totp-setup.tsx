"use client";

import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldHint, Input, Label } from "@/components/ui/field";
import { FormAlert } from "./auth-card";
import { AuthError, authPost } from "./auth-fetch";

interface Enrolment {
  totpURI: string;
  backupCodes: string[];
}

function QrCode({ uri }: { uri: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(uri, { margin: 1, width: 200 }).then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [uri]);
  return src ? (
    // A data: URL generated in the browser; the secret never leaves this page.
    <img
      src={src}
      width={200}
      height={200}
      alt="QR code for your authenticator app"
      className="rounded bg-white p-1"
    />
  ) : (
    <div className="size-[200px] animate-pulse rounded bg-subtle" aria-hidden="true" />
  );
}

/** Two steps: confirm the password (→ secret, QR code, recovery codes), then prove it with a first code. */
export function TotpSetup() {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);

  async function start(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get("password") ?? "");
    setPending(true);
    setMessage(null);
    try {
      setEnrolment(await authPost<Enrolment>("/two-factor/enable", { password }));
    } catch (err) {
      setMessage(err instanceof AuthError ? err.message : "Two-factor setup could not start.");
    } finally {
      setPending(false);
    }
  }

  async function confirm(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get("code") ?? "").replace(/\s+/g, "");
    setPending(true);
    setMessage(null);
    try {
      await authPost("/two-factor/verify-totp", { code });
      setDone(true);
    } catch (err) {
      setMessage(err instanceof AuthError ? err.message : "The code could not be checked.");
    } finally {
      setPending(false);
    }
  }

  if (done) {
    return (
      <div className="flex flex-col gap-4">
        <p role="status" className="rounded-md bg-ok-soft px-3 py-2 text-sm text-on-ok-soft">
          Two-factor authentication is on. Keep your recovery codes somewhere safe.
        </p>
        <a href="/" className="text-sm font-medium text-primary underline-offset-2 hover:underline">
          Continue to the console
        </a>
      </div>
    );
  }

  if (!enrolment) {
    return (
      <form className="flex flex-col gap-4" onSubmit={start} noValidate>
        <FormAlert message={message} />
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="password">Your password</Label>
          <Input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            autoFocus
          />
        </div>
        <Button type="submit" variant="primary" pending={pending}>
          Continue
        </Button>
      </form>
    );
  }

  const secret = new URL(enrolment.totpURI).searchParams.get("secret") ?? "";
  return (
    <div className="flex flex-col gap-5">
      <FormAlert message={message} />
      <div className="flex flex-col items-center gap-3">
        <QrCode uri={enrolment.totpURI} />
        <p className="text-center text-xs text-muted">
          Scan with an authenticator app, or enter this key:
          <br />
          <code className="text-sm break-all text-fg" data-testid="totp-secret">
            {secret}
          </code>
        </p>
      </div>
      <div>
        <h2 className="text-sm font-semibold">Recovery codes</h2>
        <p className="mt-1 text-xs text-muted">
          Each works once if you lose your device. They are shown only now.
        </p>
        <ul aria-label="Recovery codes" className="mt-2 grid grid-cols-2 gap-1 font-mono text-sm">
          {enrolment.backupCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      </div>
      <form className="flex flex-col gap-4" onSubmit={confirm} noValidate>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="code">Code from the app</Label>
          <Input
            id="code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            aria-describedby="code-hint"
            required
          />
          <FieldHint id="code-hint">Six digits; it changes every 30 seconds.</FieldHint>
        </div>
        <Button type="submit" variant="primary" pending={pending}>
          Turn on two-factor authentication
        </Button>
      </form>
    </div>
  );
}
