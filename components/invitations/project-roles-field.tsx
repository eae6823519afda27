"use client";

import { Controller, useFieldArray, useWatch, type UseFormRegister } from "react-hook-form";
import { PROJECT_ROLES, projectRoleFromText, projectRoleLabel } from "@/lib/schemas/roles";
import { Button } from "@/components/ui/button";
import { FieldError, Select } from "@/components/ui/field";
import { PlusIcon, XIcon } from "@/components/ui/icons";
import { MultiSelect } from "@/components/ui/multi-select";
import type { GrantsFormValues } from "@/lib/schemas/grants";
import { grantsControl, grantsRegister, type GrantsControl, type ProjectRolesErrors } from "./grants-form";
import type { Named } from "./invite-form-types";

interface ProjectRolesFieldProps<T extends GrantsFormValues, TOut> {
  control: GrantsControl<T, TOut>;
  register: UseFormRegister<T>;
  errors: ProjectRolesErrors;
  projects: Named[];
}

const ROLE_OPTIONS = PROJECT_ROLES.map((r) => ({
  value: r.value,
  label: r.label,
  description: r.description,
}));

/** Rows of [project] + [one or more project roles, or another GROUP_* role typed in] + remove. */
export function ProjectRolesField<T extends GrantsFormValues, TOut>(props: ProjectRolesFieldProps<T, TOut>) {
  const { errors, projects } = props;
  const control = grantsControl(props.control);
  const register = grantsRegister(props.register);
  const { fields, append, remove } = useFieldArray({ control, name: "projectRoles" });
  const chosen = useWatch({ control, name: "projectRoles" }) ?? [];
  const rootError = errors?.message ?? errors?.root?.message;

  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-2 text-sm font-medium">
        Project roles <span className="font-normal text-muted">(optional)</span>
      </legend>
      {fields.map((f, i) => {
        const rowErrors = errors?.[i];
        const projectId = chosen[i]?.projectId ?? "";
        const projectName = projects.find((p) => p.id === projectId)?.name;
        const projectError =
          rowErrors?.projectId?.message && (projectId ? rowErrors.projectId.message : "Pick a project.");
        const rolesError = rowErrors?.roles?.message ?? rowErrors?.roles?.root?.message;
        return (
          <div
            key={f.id}
            role="group"
            aria-label={`Project assignment ${i + 1}`}
            className="grid grid-cols-[minmax(0,1fr)_auto] gap-2 rounded-md border border-line p-2.5 sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto]"
          >
            <div className="col-start-1 row-start-1 flex flex-col gap-1">
              <label htmlFor={`project-${f.id}`} className="text-xs font-medium text-muted">
                Project
              </label>
              <Select
                id={`project-${f.id}`}
                aria-invalid={!!projectError || undefined}
                aria-describedby={projectError ? `project-${f.id}-error` : undefined}
                {...register(`projectRoles.${i}.projectId`)}
              >
                <option value="">Choose a project</option>
                {projects.map((p) => (
                  <option
                    key={p.id}
                    value={p.id}
                    disabled={p.id !== projectId && chosen.some((c) => c?.projectId === p.id)}
                  >
                    {p.name}
                  </option>
                ))}
              </Select>
              <FieldError id={`project-${f.id}-error`} message={projectError || undefined} />
            </div>
            <div className="col-span-2 col-start-1 row-start-2 flex flex-col gap-1 sm:col-span-1 sm:col-start-2 sm:row-start-1">
              <span id={`roles-${f.id}-label`} className="text-xs font-medium text-muted">
                Roles{projectName ? ` in ${projectName}` : ""}
              </span>
              <Controller
                control={control}
                name={`projectRoles.${i}.roles`}
                render={({ field }) => (
                  <MultiSelect
                    id={`roles-${f.id}`}
                    labelId={`roles-${f.id}-label`}
                    ref={field.ref}
                    options={ROLE_OPTIONS}
                    value={field.value ?? []}
                    onChange={field.onChange}
                    placeholder="Choose roles"
                    filterLabel="Filter project roles"
                    emptyText="No role matches that name."
                    customHint="A role Atlas has that is not listed? Type its name as Atlas spells it and press Enter."
                    parseCustom={(text) => {
                      const role = projectRoleFromText(text);
                      return role ? { value: role, label: projectRoleLabel(role) } : null;
                    }}
                    invalid={!!rolesError}
                    describedBy={rolesError ? `roles-${f.id}-error` : undefined}
                  />
                )}
              />
              <FieldError id={`roles-${f.id}-error`} message={rolesError} />
            </div>
            <div className="col-start-2 row-start-1 flex items-start pt-5 sm:col-start-3">
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Remove ${projectName ?? `project assignment ${i + 1}`}`}
                onClick={() => remove(i)}
              >
                <XIcon />
              </Button>
            </div>
          </div>
        );
      })}
      <FieldError id="project-roles-error" message={rootError} />
      <div>
        <Button
          size="sm"
          onClick={() => append({ projectId: "", roles: [] })}
          // One row per project at most (the schema refuses duplicates); none when no project is known.
          disabled={fields.length >= projects.length}
        >
          <PlusIcon />
          Add project
        </Button>
      </div>
    </fieldset>
  );
}
