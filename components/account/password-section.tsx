"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { changePasswordSchema, type ChangePasswordInput } from "@/lib/schemas/account";
import { AuthError, authMessage } from "@/lib/api-client/auth/errors";
import { useChangePassword } from "@/lib/api-client/auth/mutations";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError, FieldHint, Input, Label } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { Section } from "./section";

const EMPTY: ChangePasswordInput = {
  currentPassword: "",
  newPassword: "",
  confirmPassword: "",
  revokeOtherSessions: true,
};

/** A wrong current password is said beside its field, not above the form. */
const wrongCurrentPassword = (error: unknown) =>
  error instanceof AuthError && error.code === "INVALID_PASSWORD";

/** Change password with better-auth's /change-password (audited by lib/server/auth/account-audit.ts). */
export function PasswordSection() {
  const change = useChangePassword();
  const form = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: EMPTY,
  });
  const { errors } = form.formState;
  const revoke = useWatch({ control: form.control, name: "revokeOtherSessions" });

  const submit = form.handleSubmit((v) =>
    change.mutate(
      {
        currentPassword: v.currentPassword,
        newPassword: v.newPassword,
        revokeOtherSessions: v.revokeOtherSessions,
      },
      {
        onSuccess: () => {
          form.reset(EMPTY);
          toast.success(
            v.revokeOtherSessions ? "Password changed. Your other sessions have ended." : "Password changed.",
          );
        },
        onError: (err) => {
          if (!wrongCurrentPassword(err)) return;
          form.setError(
            "currentPassword",
            { message: "That is not your current password." },
            { shouldFocus: true },
          );
        },
      },
    ),
  );

  return (
    <Section
      id="account-password"
      title="Password"
      description="Changing it signs you in again here; other devices can be signed out at the same time."
    >
      <form className="flex max-w-md flex-col gap-4" onSubmit={submit} noValidate>
        <FormAlert
          message={
            wrongCurrentPassword(change.error)
              ? null
              : authMessage(change.error, "The password could not be changed.")
          }
        />
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="current-password">Current password</Label>
          <Input
            id="current-password"
            type="password"
            autoComplete="current-password"
            aria-invalid={!!errors.currentPassword}
            aria-describedby={errors.currentPassword ? "current-password-error" : undefined}
            {...form.register("currentPassword")}
          />
          <FieldError id="current-password-error" message={errors.currentPassword?.message} />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="new-password">New password</Label>
          <Input
            id="new-password"
            type="password"
            autoComplete="new-password"
            aria-invalid={!!errors.newPassword}
            aria-describedby={
              errors.newPassword ? "new-password-hint new-password-error" : "new-password-hint"
            }
            {...form.register("newPassword")}
          />
          <FieldHint id="new-password-hint">At least 12 characters; a passphrase is easiest.</FieldHint>
          <FieldError id="new-password-error" message={errors.newPassword?.message} />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="confirm-password">New password again</Label>
          <Input
            id="confirm-password"
            type="password"
            autoComplete="new-password"
            aria-invalid={!!errors.confirmPassword}
            aria-describedby={errors.confirmPassword ? "confirm-password-error" : undefined}
            {...form.register("confirmPassword")}
          />
          <FieldError id="confirm-password-error" message={errors.confirmPassword?.message} />
        </div>
        <div className="flex items-center gap-2">
          <Checkbox
            id="revoke-others"
            checked={revoke}
            onCheckedChange={(c) => form.setValue("revokeOtherSessions", c === true)}
          />
          <Label htmlFor="revoke-others" className="font-normal">
            Sign out my other sessions
          </Label>
        </div>
        <div>
          <Button type="submit" variant="primary" pending={change.isPending}>
            Change password
          </Button>
        </div>
      </form>
    </Section>
  );
}
