"use client";

import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { authMessage } from "@/lib/api-client/auth/errors";
import { useConfirmTwoFactor, useEnableTwoFactor } from "@/lib/api-client/auth/mutations";
import { QrCode, TotpCodeField, TotpKey } from "./totp-qr";

/** Two steps: confirm the password (→ secret, QR code, recovery codes), then prove it with a first code. */
export function TotpSetup() {
  const enable = useEnableTwoFactor();
  const confirm = useConfirmTwoFactor();
  const enrolment = enable.data;

  function start(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    enable.mutate(String(new FormData(e.currentTarget).get("password") ?? ""));
  }

  function prove(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    confirm.mutate(String(new FormData(e.currentTarget).get("code") ?? "").replace(/\s+/g, ""));
  }

  if (confirm.isSuccess) {
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
        <FormAlert message={authMessage(enable.error, "Two-factor setup could not start.")} />
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
        <Button type="submit" variant="primary" pending={enable.isPending}>
          Continue
        </Button>
      </form>
    );
  }

  return (
    <div className="flex flex-col gap-5">
      <FormAlert message={authMessage(confirm.error, "The code could not be checked.")} />
      <div className="flex flex-col items-center gap-3">
        <QrCode uri={enrolment.totpURI} size={200} />
        <p className="text-center text-xs text-muted">
          Scan with an authenticator app, or enter this key:
          <br />
          <TotpKey uri={enrolment.totpURI} />
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
      <form className="flex flex-col gap-4" onSubmit={prove} noValidate>
        <TotpCodeField id="code" name="code" required />
        <Button type="submit" variant="primary" pending={confirm.isPending}>
          Turn on two-factor authentication
        </Button>
      </form>
    </div>
  );
}
