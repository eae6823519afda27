"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, Select } from "@/components/ui/field";
import { ApiError } from "@/lib/api-client/errors";
import { ROLES, ROLE_LABELS } from "@/lib/permissions";
import { createUserSchema } from "@/lib/schemas/users";
import type { CreateUserInput } from "@/lib/schemas/users";
import { OneTimeLink } from "./one-time-link";
import { useCreateUser } from "@/lib/api-client/users/mutations";

export function AddUserForm() {
  const create = useCreateUser();
  const [link, setLink] = useState<{ email: string; url: string; emailError: string | null } | null>(null);
  const form = useForm<CreateUserInput>({
    resolver: zodResolver(createUserSchema),
    defaultValues: { email: "", role: "viewer" },
  });
  const emailError = form.formState.errors.email?.message;

  const onSubmit = form.handleSubmit(async (input) => {
    try {
      const res = await create.mutateAsync(input);
      form.reset({ email: "", role: input.role });
      setLink(
        res.setPasswordUrl
          ? { email: res.user.email, url: res.setPasswordUrl, emailError: res.emailError }
          : null,
      );
      const role = ROLE_LABELS[res.user.role].label.toLowerCase();
      toast.success(
        res.emailed
          ? `Added ${res.user.email} as ${role}; their set-password link was e-mailed.`
          : `Added ${res.user.email} as ${role}.`,
      );
    } catch (e) {
      const message = e instanceof ApiError ? (e.fields?.email ?? e.message) : "The user could not be added.";
      form.setError("email", { message });
    }
  });

  return (
    <section
      aria-labelledby="add-user-title"
      className="flex flex-col gap-3 rounded-lg border border-line bg-surface p-4"
    >
      <h2 id="add-user-title" className="text-sm font-semibold">
        Add a console user
      </h2>
      <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-3">
        <div className="flex min-w-64 flex-1 flex-col gap-1.5">
          <Label htmlFor="new-user-email">E-mail</Label>
          <Input
            id="new-user-email"
            type="email"
            autoComplete="off"
            aria-invalid={!!emailError || undefined}
            aria-describedby={emailError ? "new-user-email-error" : undefined}
            {...form.register("email")}
          />
          <FieldError id="new-user-email-error" message={emailError} />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="new-user-role">Role</Label>
          <Select id="new-user-role" className="w-40" {...form.register("role")}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r].label}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" variant="primary" className="sm:mt-6" pending={create.isPending}>
          Add user
        </Button>
      </form>
      <p className="text-xs text-muted">
        They set a password through a one-time link (e-mailed to them when the console can send e-mail,
        otherwise shown here for you to hand over), or sign in by single sign-on with this address.
      </p>
      {link ? (
        <OneTimeLink
          email={link.email}
          url={link.url}
          emailError={link.emailError}
          onDone={() => setLink(null)}
        />
      ) : null}
    </section>
  );
}
