"use client";

import QRCode from "qrcode";
import { useEffect, useState, type ComponentProps } from "react";
import { FieldHint, Input, Label } from "@/components/ui/field";

/** The QR code of an otpauth:// URI, drawn in the browser: the secret never leaves this page. */
export function QrCode({ uri, size }: { uri: string; size: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(uri, { margin: 1, width: size }).then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [uri, size]);
  return src ? (
    <img
      src={src}
      width={size}
      height={size}
      alt="QR code for your authenticator app"
      className="rounded bg-white p-1"
    />
  ) : (
    <div
      style={{ width: size, height: size }}
      className="animate-pulse rounded bg-subtle"
      aria-hidden="true"
    />
  );
}

/** The key of an otpauth:// URI, for typing into an app that cannot scan (e2e reads it by its test id). */
export function TotpKey({ uri }: { uri: string }) {
  const secret = new URL(uri).searchParams.get("secret") ?? "";
  return (
    <code className="text-sm break-all text-fg" data-testid="totp-secret">
      {secret}
    </code>
  );
}

/** The first code from the app, which proves the enrolment works. */
export function TotpCodeField({ id, className, ...input }: ComponentProps<typeof Input> & { id: string }) {
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>Code from the app</Label>
      <Input
        id={id}
        inputMode="numeric"
        autoComplete="one-time-code"
        aria-describedby={`${id}-hint`}
        className={className}
        {...input}
      />
      <FieldHint id={`${id}-hint`}>Six digits; it changes every 30 seconds.</FieldHint>
    </div>
  );
}
