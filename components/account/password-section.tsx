"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { changePasswordSchema, type ChangePasswordInput } from "@/lib/schemas/account";
import { accountKeys } from "@/lib/api-client/account/keys";
import { AuthError, authPost } from "@/components/auth/auth-fetch";
import { FormAlert } from "@/components/auth/auth-card";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError, FieldHint, Input, Label } from "@/components/ui/field";
import { Section } from "./section";

/** Change password with better-auth's /change-password (audited by lib/server/auth/account-audit.ts). */
export function PasswordSection() {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "", revokeOtherSessions: true },
  });
  const { errors, isSubmitting } = form.formState;
  const revoke = useWatch({ control: form.control, name: "revokeOtherSessions" });

  const submit = form.handleSubmit(async (v) => {
    setMessage(null);
    try {
      await authPost("/change-password", {
        currentPassword: v.currentPassword,
        newPassword: v.newPassword,
        revokeOtherSessions: v.revokeOtherSessions,
      });
      form.reset({ currentPassword: "", newPassword: "", confirmPassword: "", revokeOtherSessions: true });
      toast.success(
        v.revokeOtherSessions ? "Password changed. Your other sessions have ended." : "Password changed.",
      );
      void queryClient.invalidateQueries({ queryKey: accountKeys.all() });
    } catch (err) {
      if (err instanceof AuthError && (err.code === "INVALID_PASSWORD" || err.status === 401)) {
        form.setError(
          "currentPassword",
          { message: "That is not your current password." },
          { shouldFocus: true },
        );
        return;
      }
      setMessage(err instanceof AuthError ? err.message : "The password could not be changed.");
    }
  });

  return (
    <Section
      id="account-password"
      title="Password"
      description="Changing it signs you in again here; other devices can be signed out at the same time."
    >
      <form className="flex max-w-md flex-col gap-4" onSubmit={submit} noValidate>
        <FormAlert message={message} />
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
          <Button type="submit" variant="primary" pending={isSubmitting}>
            Change password
          </Button>
        </div>
      </form>
    </Section>
  );
}
