"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "@/components/ui/toast";
import { QrCode, TotpCodeField, TotpKey } from "@/components/auth/totp-qr";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { FormFooter } from "@/components/ui/form-footer";
import { authMessage } from "@/lib/api-client/auth/errors";
import {
  useConfirmTwoFactor,
  useDisableTwoFactor,
  useEnableTwoFactor,
  useRegenerateRecoveryCodes,
} from "@/lib/api-client/auth/mutations";
import { PasswordPrompt } from "./password-prompt";
import { RecoveryCodes } from "./recovery-codes";
import { Section } from "./section";

type DialogProps = { open: boolean; onOpenChange: (open: boolean) => void };

/**
 * A dialog that cannot be closed while one of its requests is in flight, and forgets what it showed when
 * closed (`reset`: the mutations' results and errors, the typed code).
 */
function LockedDialog({
  open,
  onOpenChange,
  pending,
  reset,
  children,
}: DialogProps & { pending: boolean; reset: () => void; children: React.ReactNode }) {
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (pending) return;
        if (!o) reset();
        onOpenChange(o);
      }}
    >
      {children}
    </Dialog>
  );
}

/** Two steps: the password (→ secret, QR code, recovery codes), then a first code that proves the app works. */
function EnableDialog({ open, onOpenChange }: DialogProps) {
  const router = useRouter();
  const enable = useEnableTwoFactor();
  const confirm = useConfirmTwoFactor();
  const [code, setCode] = useState("");
  const enrolment = enable.data;
  const pending = enable.isPending || confirm.isPending;

  const prove = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate(code.replace(/\s+/g, ""), {
      onSuccess: () => {
        toast.success("Two-factor authentication is on.");
        onOpenChange(false);
        enable.reset();
        confirm.reset();
        setCode("");
        router.refresh();
      },
    });
  };

  return (
    <LockedDialog
      open={open}
      onOpenChange={onOpenChange}
      pending={pending}
      reset={() => {
        enable.reset();
        confirm.reset();
        setCode("");
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
            pending={enable.isPending}
            message={authMessage(enable.error, "Two-factor setup could not start.")}
            onSubmit={(p) => enable.mutate(p)}
          />
        ) : (
          <form onSubmit={prove} noValidate className="flex min-h-0 flex-col">
            <DialogBody className="flex flex-col gap-4">
              <FormAlert message={authMessage(confirm.error, "The code could not be checked.")} />
              <div className="flex flex-col items-center gap-2 sm:flex-row sm:items-start sm:gap-4">
                <QrCode uri={enrolment.totpURI} size={176} />
                <p className="min-w-0 text-xs text-muted">
                  Or enter this key in the app:
                  <br />
                  <TotpKey uri={enrolment.totpURI} />
                </p>
              </div>
              <RecoveryCodes codes={enrolment.backupCodes} />
              <TotpCodeField
                id="enable-totp-code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                className="max-w-48"
              />
            </DialogBody>
            <FormFooter closeLabel={null} submitLabel="Turn on" pending={confirm.isPending} />
          </form>
        )}
      </DialogContent>
    </LockedDialog>
  );
}

function DisableDialog({ open, onOpenChange }: DialogProps) {
  const router = useRouter();
  const disable = useDisableTwoFactor();
  return (
    <LockedDialog open={open} onOpenChange={onOpenChange} pending={disable.isPending} reset={disable.reset}>
      <DialogContent
        title="Turn off two-factor authentication?"
        description="Sign-in will then ask for your password only. Your recovery codes stop working."
        closeDisabled={disable.isPending}
      >
        <PasswordPrompt
          id="disable-totp-password"
          submitLabel="Turn off"
          danger
          pending={disable.isPending}
          message={authMessage(disable.error, "Two-factor authentication could not be turned off.")}
          onSubmit={(p) =>
            disable.mutate(p, {
              onSuccess: () => {
                toast.success("Two-factor authentication is off.");
                onOpenChange(false);
                disable.reset();
                router.refresh();
              },
            })
          }
        />
      </DialogContent>
    </LockedDialog>
  );
}

function RegenerateDialog({ open, onOpenChange }: DialogProps) {
  const regenerate = useRegenerateRecoveryCodes();
  const codes = regenerate.data?.backupCodes ?? null;
  return (
    <LockedDialog
      open={open}
      onOpenChange={onOpenChange}
      pending={regenerate.isPending}
      reset={regenerate.reset}
    >
      <DialogContent
        title={codes ? "Your new recovery codes" : "Make new recovery codes?"}
        description={codes ? undefined : "Your current recovery codes stop working at once."}
        closeDisabled={regenerate.isPending}
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
            pending={regenerate.isPending}
            message={authMessage(regenerate.error, "New recovery codes could not be made.")}
            onSubmit={(p) => regenerate.mutate(p)}
          />
        )}
      </DialogContent>
    </LockedDialog>
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
