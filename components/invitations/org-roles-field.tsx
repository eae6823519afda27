"use client";

import { useController } from "react-hook-form";
import { usePermission } from "@/components/auth/session-context";
import { isPrivilegedOrgRole } from "@/lib/permissions";
import { ORG_ROLES, type OrgRole } from "@/lib/schemas/roles";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError } from "@/components/ui/field";
import type { GrantsFormValues } from "@/lib/schemas/grants";
import { grantsControl, type GrantsControl } from "./grants-form";

/** All 7 org roles with their one-line descriptions; at least one (the schema says so, and the server too). */
export function OrgRolesField<T extends GrantsFormValues, TOut>({
  control,
}: {
  control: GrantsControl<T, TOut>;
}) {
  const { field, fieldState } = useController({ control: grantsControl(control), name: "orgRoles" });
  const value = field.value;
  // Only console admins grant Organization Owner and billing admin; the server refuses it too.
  const privileged = usePermission("invitations.grant_privileged");
  const toggle = (role: OrgRole, on: boolean) =>
    field.onChange(on ? [...value.filter((r) => r !== role), role] : value.filter((r) => r !== role));

  return (
    <fieldset
      aria-describedby={fieldState.error ? "org-roles-error" : undefined}
      aria-invalid={fieldState.invalid || undefined}
      className="flex flex-col gap-2"
    >
      <legend className="mb-2 text-sm font-medium">
        Organization roles <span className="font-normal text-muted">(at least one)</span>
      </legend>
      <div className="grid gap-x-4 gap-y-2 sm:grid-cols-2">
        {ORG_ROLES.map((role, i) => {
          const id = `org-role-${role.value}`;
          const locked = !privileged.allowed && isPrivilegedOrgRole(role.value);
          return (
            <div key={role.value} className="flex items-start gap-2">
              <Checkbox
                id={id}
                ref={i === 0 ? field.ref : undefined}
                className="mt-0.5"
                checked={value.includes(role.value)}
                disabled={locked}
                aria-describedby={locked ? `${id}-locked` : undefined}
                onCheckedChange={(c) => toggle(role.value, c === true)}
                onBlur={field.onBlur}
              />
              <label htmlFor={id} className="min-w-0 text-sm">
                <span className="block font-medium">{role.label}</span>
                <span className="block text-xs text-muted">{role.description}</span>
                {locked ? (
                  <span id={`${id}-locked`} className="block text-xs text-muted italic">
                    Only console admins may grant this role.
                  </span>
                ) : null}
              </label>
            </div>
          );
        })}
      </div>
      <FieldError id="org-roles-error" message={fieldState.error?.message} />
    </fieldset>
  );
}
