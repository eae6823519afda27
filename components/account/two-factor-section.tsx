"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { AuthError, authPost } from "@/components/auth/auth-fetch";
import { FormAlert } from "@/components/auth/auth-card";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FieldHint, Input, Label } from "@/components/ui/field";
import { PasswordPrompt } from "./password-prompt";
import { QrCode, RecoveryCodes } from "./recovery-codes";
import { Section } from "./section";

const why = (err: unknown, fallback: string) => (err instanceof AuthError ? err.message : fallback);

interface Enrolment {
  totpURI: string;
  backupCodes: string[];
}

/** Two steps: the password (→ secret, QR code, recovery codes), then a first code that proves the app works. */
function EnableDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [code, setCode] = useState("");

  const start = async (password: string) => {
    setPending(true);
    setMessage(null);
    try {
      setEnrolment(await authPost<Enrolment>("/two-factor/enable", { password }));
    } catch (err) {
      setMessage(why(err, "Two-factor setup could not start."));
    } finally {
      setPending(false);
    }
  };
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setMessage(null);
    try {
      await authPost("/two-factor/verify-totp", { code: code.replace(/\s+/g, "") });
      toast.success("Two-factor authentication is on.");
      onOpenChange(false);
      router.refresh();
    } catch (err) {
      setMessage(why(err, "The code could not be checked."));
    } finally {
      setPending(false);
    }
  };
  const secret = enrolment ? (new URL(enrolment.totpURI).searchParams.get("secret") ?? "") : "";

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (pending) return;
        if (!o) {
          setEnrolment(null);
          setMessage(null);
          setCode("");
        }
        onOpenChange(o);
      }}
    >
      <DialogContent
        title="Turn on two-factor authentication"
        description={
          enrolment
            ? "Scan the code with an authenticator app, then type the six digits it shows."
            : "Confirm it is you first."
        }
        size={enrolment ? "lg" : "sm"}
        closeDisabled={pending}
      >
        {!enrolment ? (
          <PasswordPrompt
            id="enable-totp-password"
            submitLabel="Continue"
            pending={pending}
            message={message}
            onSubmit={(p) => void start(p)}
          />
        ) : (
          <form onSubmit={(e) => void confirm(e)} noValidate className="flex min-h-0 flex-col">
            <DialogBody className="flex flex-col gap-4">
              <FormAlert message={message} />
              <div className="flex flex-col items-center gap-2 sm:flex-row sm:items-start sm:gap-4">
                <QrCode uri={enrolment.totpURI} />
                <p className="min-w-0 text-xs text-muted">
                  Or enter this key in the app:
                  <br />
                  <code className="text-sm break-all text-fg" data-testid="totp-secret">
                    {secret}
                  </code>
                </p>
              </div>
              <RecoveryCodes codes={enrolment.backupCodes} />
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="enable-totp-code">Code from the app</Label>
                <Input
                  id="enable-totp-code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  aria-describedby="enable-totp-code-hint"
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  className="max-w-48"
                />
                <FieldHint id="enable-totp-code-hint">Six digits; it changes every 30 seconds.</FieldHint>
              </div>
            </DialogBody>
            <DialogFooter>
              <Button type="submit" variant="primary" pending={pending}>
                Turn on
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

function DisableDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const disable = async (password: string) => {
    setPending(true);
    setMessage(null);
    try {
      await authPost("/two-factor/disable", { password });
      toast.success("Two-factor authentication is off.");
      onOpenChange(false);
      router.refresh();
    } catch (err) {
      setMessage(why(err, "Two-factor authentication could not be turned off."));
    } finally {
      setPending(false);
    }
  };
  return (
    <Dialog open={open} onOpenChange={(o) => !pending && (setMessage(null), onOpenChange(o))}>
      <DialogContent
        title="Turn off two-factor authentication?"
        description="Sign-in will then ask for your password only. Your recovery codes stop working."
        closeDisabled={pending}
      >
        <PasswordPrompt
          id="disable-totp-password"
          submitLabel="Turn off"
          danger
          pending={pending}
          message={message}
          onSubmit={(p) => void disable(p)}
        />
      </DialogContent>
    </Dialog>
  );
}

function RegenerateDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const regenerate = async (password: string) => {
    setPending(true);
    setMessage(null);
    try {
      const res = await authPost<{ backupCodes: string[] }>("/two-factor/generate-backup-codes", {
        password,
      });
      setCodes(res.backupCodes);
    } catch (err) {
      setMessage(why(err, "New recovery codes could not be made."));
    } finally {
      setPending(false);
    }
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (pending) return;
        if (!o) {
          setCodes(null);
          setMessage(null);
        }
        onOpenChange(o);
      }}
    >
      <DialogContent
        title={codes ? "Your new recovery codes" : "Make new recovery codes?"}
        description={codes ? undefined : "Your current recovery codes stop working at once."}
        closeDisabled={pending}
      >
        {codes ? (
          <>
            <DialogBody>
              <RecoveryCodes codes={codes} />
            </DialogBody>
            <DialogFooter>
              <Button variant="primary" onClick={() => onOpenChange(false)}>
                Done
              </Button>
            </DialogFooter>
          </>
        ) : (
          <PasswordPrompt
            id="regenerate-password"
            submitLabel="Make new codes"
            pending={pending}
            message={message}
            onSubmit={(p) => void regenerate(p)}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

/** TOTP on or off (off only where the role allows it), and recovery codes while it is on. */
export function TwoFactorSection({ enabled, mustKeep }: { enabled: boolean; mustKeep: boolean }) {
  const [dialog, setDialog] = useState<"enable" | "disable" | "regenerate" | null>(null);
  const set = (d: typeof dialog) => (open: boolean) => setDialog(open ? d : null);
  return (
    <Section
      id="account-two-factor"
      title="Two-factor authentication"
      description="A six-digit code from an authenticator app at each sign-in, with recovery codes for a lost device."
    >
      <div className="flex flex-col gap-4">
        <div className="flex flex-wrap items-center gap-3">
          <span className="text-sm">Status</span>
          {enabled ? <Badge tone="ok">On</Badge> : <Badge tone="warn">Off</Badge>}
        </div>
        {enabled && mustKeep ? (
          <p className="text-sm text-muted">
            Admins who sign in with a password must keep two-factor authentication on. To move to a new
            device, ask another admin to reset it (Users page), then set it up again at your next sign-in.
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {!enabled ? (
            <Button variant="primary" onClick={() => setDialog("enable")}>
              Turn on two-factor
            </Button>
          ) : null}
          {enabled ? (
            <Button onClick={() => setDialog("regenerate")}>Regenerate recovery codes</Button>
          ) : null}
          {enabled && !mustKeep ? (
            <Button variant="danger" onClick={() => setDialog("disable")}>
              Turn off two-factor
            </Button>
          ) : null}
        </div>
      </div>
      <EnableDialog open={dialog === "enable"} onOpenChange={set("enable")} />
      <DisableDialog open={dialog === "disable"} onOpenChange={set("disable")} />
      <RegenerateDialog open={dialog === "regenerate"} onOpenChange={set("regenerate")} />
    </Section>
  );
}
