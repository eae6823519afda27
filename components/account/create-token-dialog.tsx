"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { ApiError } from "@/lib/api-client/errors";
import { useCreateToken } from "@/lib/api-client/tokens/mutations";
import { ROLE_LABELS, type Role } from "@/lib/permissions";
import {
  createTokenSchema,
  TOKEN_EXPIRY_DAYS,
  type CreateTokenInput,
  type CreatedToken,
} from "@/lib/schemas/tokens";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogBody, DialogContent } from "@/components/ui/dialog";
import { FieldError, FieldHint, Input, Label, Select } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { FormFooter } from "@/components/ui/form-footer";
import { MultiSelect } from "@/components/ui/multi-select";
import { EXPIRY_CHOICES, TOKEN_FORM_DEFAULTS, placeTokenError, roleChoices } from "./tokens-model";

type CreateTokenOutput = z.output<typeof createTokenSchema>;

const dayChoiceLabel = (days: number) => (days === 365 ? "1 year" : `${days} days`);

/**
 * Create a personal API token. A refused create keeps what was typed, with each error beside its field; the
 * secret goes to `onCreated` (shown once by ./token-reveal-dialog.tsx) and is never kept by this form.
 */
export function CreateTokenDialog({
  open,
  onOpenChange,
  role,
  orgs,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The signed-in user's role: the most a token may ask for. */
  role: Role;
  /** The orgs the user can see (GET /api/orgs), or null while they load or if they failed. */
  orgs: { id: string; name: string }[] | null;
  onCreated: (token: CreatedToken) => void;
}) {
  const create = useCreateToken();
  const form = useForm<CreateTokenInput, unknown, CreateTokenOutput>({
    resolver: zodResolver(createTokenSchema),
    defaultValues: TOKEN_FORM_DEFAULTS,
  });
  const errors = form.formState.errors;
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const days = useWatch({ control: form.control, name: "expiresInDays" });
  const pending = create.isPending;

  const close = (next: boolean) => {
    if (pending) return;
    if (!next) setFormMessage(null);
    onOpenChange(next);
  };

  const onValid = (input: CreateTokenOutput) => {
    setFormMessage(null);
    create.mutate(input, {
      onSuccess: (created) => {
        form.reset(TOKEN_FORM_DEFAULTS);
        // The secret lives in the reveal dialog's state only, not in the mutation cache.
        create.reset();
        onOpenChange(false);
        onCreated(created);
      },
      onError: (error) => {
        if (!(error instanceof ApiError)) {
          setFormMessage("The token could not be created. Try again.");
          return;
        }
        const placed = placeTokenError(error);
        placed.fields.forEach(([field, message], i) =>
          form.setError(field, { type: "server", message }, { shouldFocus: i === 0 }),
        );
        setFormMessage(placed.formMessage);
      },
    });
  };

  const own = ROLE_LABELS[role].label;
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        size="lg"
        title="Create an API token"
        description="A token lets a script or the command-line client act for you, with at most your role."
        closeDisabled={pending}
        onOpenAutoFocus={(e) => {
          e.preventDefault();
          form.setFocus("name");
        }}
      >
        <form
          onSubmit={(e) => void form.handleSubmit(onValid)(e)}
          noValidate
          className="flex min-h-0 flex-1 flex-col"
          aria-label="Create an API token"
        >
          <DialogBody className="flex flex-col gap-5">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="token-name">Name</Label>
              <Input
                id="token-name"
                autoComplete="off"
                maxLength={60}
                aria-invalid={errors.name ? true : undefined}
                aria-describedby="token-name-hint token-name-error"
                {...form.register("name")}
              />
              <FieldHint id="token-name-hint">What will use it, such as “hr-sync”.</FieldHint>
              <FieldError id="token-name-error" message={errors.name?.message} />
            </div>

            <div className="flex flex-col gap-1.5">
              <Label htmlFor="token-days">Expires after (days)</Label>
              <div className="flex flex-wrap items-center gap-2">
                <Input
                  id="token-days"
                  type="number"
                  inputMode="numeric"
                  min={TOKEN_EXPIRY_DAYS.min}
                  max={TOKEN_EXPIRY_DAYS.max}
                  step={1}
                  className="w-24"
                  aria-invalid={errors.expiresInDays ? true : undefined}
                  aria-describedby="token-days-hint token-days-error"
                  {...form.register("expiresInDays", { valueAsNumber: true })}
                />
                <div role="group" aria-label="Quick choices" className="flex flex-wrap gap-1.5">
                  {EXPIRY_CHOICES.map((d) => (
                    <Button
                      key={d}
                      size="sm"
                      variant={days === d ? "primary" : "secondary"}
                      aria-pressed={days === d}
                      onClick={() =>
                        form.setValue("expiresInDays", d, {
                          shouldDirty: true,
                          shouldValidate: form.formState.isSubmitted,
                        })
                      }
                    >
                      {dayChoiceLabel(d)}
                    </Button>
                  ))}
                </div>
              </div>
              <FieldHint id="token-days-hint">
                From {TOKEN_EXPIRY_DAYS.min} to {TOKEN_EXPIRY_DAYS.max} days; make a new token before it ends.
              </FieldHint>
              <FieldError id="token-days-error" message={errors.expiresInDays?.message} />
            </div>

            <div className="flex flex-col gap-1.5">
              <Label htmlFor="token-role">Role</Label>
              <Select
                id="token-role"
                className="w-full sm:w-72"
                aria-invalid={errors.role ? true : undefined}
                aria-describedby="token-role-hint token-role-error"
                {...form.register("role", { setValueAs: (v: unknown) => (v === "" ? undefined : v) })}
              >
                <option value="">Mine ({own}), following it</option>
                {roleChoices(role).map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r].label}
                  </option>
                ))}
              </Select>
              <FieldHint id="token-role-hint">
                At most your own role. If your role is lowered, the token is lowered with it.
              </FieldHint>
              <FieldError id="token-role-error" message={errors.role?.message} />
            </div>

            <Controller
              control={form.control}
              name="orgIds"
              render={({ field, fieldState }) => {
                const every = field.value === null || field.value === undefined;
                return (
                  <fieldset className="flex min-w-0 flex-col gap-2">
                    <legend id="token-orgs-label" className="text-sm font-medium text-fg">
                      Orgs
                    </legend>
                    <div className="flex items-start gap-2">
                      <Checkbox
                        id="token-orgs-all"
                        className="mt-0.5"
                        checked={every}
                        onCheckedChange={(c) => field.onChange(c === true ? null : [])}
                      />
                      <label htmlFor="token-orgs-all" className="min-w-0 text-sm">
                        <span className="block">Every org, including ones added later</span>
                        <span className="block text-xs text-muted">
                          Untick to limit the token to the orgs you choose.
                        </span>
                      </label>
                    </div>
                    {every ? null : orgs ? (
                      <MultiSelect
                        id="token-orgs"
                        labelId="token-orgs-label"
                        ref={field.ref}
                        options={orgs.map((o) => ({ value: o.id, label: o.name, description: o.id }))}
                        value={field.value ?? []}
                        onChange={field.onChange}
                        placeholder={orgs.length ? "Choose orgs" : "No org to choose"}
                        filterLabel="Filter orgs"
                        emptyText="No org matches."
                        invalid={!!fieldState.error}
                        describedBy="token-orgs-error"
                      />
                    ) : (
                      <p className="text-sm text-muted">
                        The org list is not available; keep every org or try again later.
                      </p>
                    )}
                    <FieldError id="token-orgs-error" message={fieldState.error?.message} />
                  </fieldset>
                );
              }}
            />
          </DialogBody>
          <FormAlert message={formMessage} className="mx-5 mb-3" />
          <FormFooter
            closeLabel="Cancel"
            closeDisabled={pending}
            submitLabel="Create token"
            pending={pending}
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}
