"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { Controller, useForm, type FieldPath } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { ApiError } from "@/lib/api-client/errors";
import { useCreatePreset, useUpdatePreset } from "@/lib/api-client/presets/mutations";
import { defaultGrants, grantsFormValuesOf } from "@/lib/schemas/grants";
import {
  presetInputSchema,
  type Preset,
  type PresetFormValues,
  type PresetInput,
} from "@/lib/schemas/presets";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogBody, DialogContent } from "@/components/ui/dialog";
import { FieldError, FieldHint, Input, Label, Textarea } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { FormFooter } from "@/components/ui/form-footer";
import type { Named } from "@/components/invitations/invite-form-types";
import { OrgRolesField } from "@/components/invitations/org-roles-field";
import { ProjectRolesField } from "@/components/invitations/project-roles-field";
import { TeamsField } from "@/components/invitations/teams-field";

function defaults(preset: Preset | null): PresetFormValues {
  if (!preset) return { name: "", description: "", ...defaultGrants(), isDefault: false };
  return {
    name: preset.name,
    description: preset.description,
    ...grantsFormValuesOf(preset),
    isDefault: preset.isDefault,
  };
}

/**
 * Where a server field error goes: "teamIds.3" is shown on the teams field (one control), the rest as named
 * (name, orgRoles, projectRoles.N.projectId).
 */
function fieldOf(key: string): FieldPath<PresetFormValues> | null {
  if (key.startsWith("teamIds")) return "teamIds";
  if (key === "name" || key === "description" || key === "orgRoles") return key;
  if (/^projectRoles\.\d+\.(projectId|roles)$/.test(key)) return key as FieldPath<PresetFormValues>;
  return null;
}

/** Add (preset null) or edit a preset. The draft survives a refused save; errors land by their field. */
export function PresetFormDialog({
  orgId,
  preset,
  open,
  onOpenChange,
  teams,
  projects,
}: {
  orgId: string;
  preset: Preset | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  teams: Named[];
  projects: Named[];
}) {
  const form = useForm<PresetFormValues, unknown, PresetInput>({
    resolver: zodResolver(presetInputSchema),
    defaultValues: defaults(preset),
  });
  const create = useCreatePreset(orgId);
  const update = useUpdatePreset(orgId);
  const pending = create.isPending || update.isPending;
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const errors = form.formState.errors;

  const close = (next: boolean) => {
    if (pending) return;
    if (!next) setFormMessage(null);
    onOpenChange(next);
  };

  const onError = (error: Error) => {
    if (!(error instanceof ApiError)) {
      setFormMessage("The preset could not be saved. Try again.");
      return;
    }
    const placed = Object.entries(error.fields ?? {}).flatMap(([k, message]) => {
      const path = fieldOf(k);
      return path ? [[path, message] as const] : [];
    });
    placed.forEach(([path, message], i) =>
      form.setError(path, { type: "server", message }, { shouldFocus: i === 0 }),
    );
    setFormMessage(placed.length > 0 ? null : error.message);
  };

  const onValid = (input: PresetInput) => {
    setFormMessage(null);
    const done = (saved: Preset, verb: string) => {
      toast.success(`Preset “${saved.name}” ${verb}.`);
      form.reset(preset ? defaults(saved) : defaults(null));
      onOpenChange(false);
    };
    if (preset) {
      update.mutate(
        { id: preset.id, input },
        { onSuccess: ({ preset: saved }) => done(saved, "saved"), onError },
      );
    } else {
      create.mutate(input, { onSuccess: ({ preset: saved }) => done(saved, "created"), onError });
    }
  };

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        size="lg"
        title={preset ? `Edit preset “${preset.name}”` : "New preset"}
        description="A named set of organization roles, teams and project roles that inviters can apply in the invite form."
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
          aria-label={preset ? "Edit preset" : "New preset"}
        >
          <DialogBody className="flex flex-col gap-6">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="preset-name">Name</Label>
              <Input
                id="preset-name"
                autoComplete="off"
                aria-invalid={errors.name ? true : undefined}
                aria-describedby="preset-name-hint preset-name-error"
                {...form.register("name")}
              />
              <FieldHint id="preset-name-hint">
                Such as “Data engineer”; unique in this organization.
              </FieldHint>
              <FieldError id="preset-name-error" message={errors.name?.message} />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="preset-description">
                Description <span className="font-normal text-muted">(optional)</span>
              </Label>
              <Textarea
                id="preset-description"
                rows={2}
                aria-invalid={errors.description ? true : undefined}
                aria-describedby="preset-description-error"
                {...form.register("description")}
              />
              <FieldError id="preset-description-error" message={errors.description?.message} />
            </div>
            <Controller
              control={form.control}
              name="isDefault"
              render={({ field }) => (
                <div className="flex items-start gap-2">
                  <Checkbox
                    id="preset-default"
                    ref={field.ref}
                    className="mt-0.5"
                    checked={field.value === true}
                    onCheckedChange={(c) => field.onChange(c === true)}
                    onBlur={field.onBlur}
                  />
                  <label htmlFor="preset-default" className="min-w-0 text-sm">
                    <span className="block font-medium">The organization’s default</span>
                    <span className="block text-xs text-muted">
                      Offered first in the invite form; another default stops being one.
                    </span>
                  </label>
                </div>
              )}
            />
            <OrgRolesField control={form.control} />
            <TeamsField control={form.control} teams={teams} />
            <ProjectRolesField
              control={form.control}
              register={form.register}
              errors={errors.projectRoles}
              projects={projects}
            />
          </DialogBody>
          <FormAlert message={formMessage} className="mx-5 mb-3" />
          <FormFooter
            closeLabel="Cancel"
            closeDisabled={pending}
            submitLabel={preset ? "Save preset" : "Create preset"}
            pending={pending}
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}
