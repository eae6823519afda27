import type { Control, FieldErrors, UseFormRegister } from "react-hook-form";
import type { GrantsFormValues } from "@/lib/schemas/grants";

// The grant fields (org-roles-field, teams-field, project-roles-field) serve every form that holds grants:
// invite and re-invite, edit, Create Atlas account. Each form's values extend GrantsFormValues
// (lib/schemas/grants.ts), but react-hook-form's Control and register are invariant in the values type, so the
// fields take the form's own and read them as a form over the grants alone: the names they use (orgRoles,
// teamIds, projectRoles.*) exist, with these types, in every such form. The constraint is the check.

export type GrantsControl<T extends GrantsFormValues, TOut> = Control<T, unknown, TOut>;

export const grantsControl = <T extends GrantsFormValues, TOut>(control: GrantsControl<T, TOut>) =>
  control as unknown as Control<GrantsFormValues>;

export const grantsRegister = <T extends GrantsFormValues>(register: UseFormRegister<T>) =>
  register as unknown as UseFormRegister<GrantsFormValues>;

export type ProjectRolesErrors = FieldErrors<GrantsFormValues>["projectRoles"];
