"use client";

import type { UseFormReturn } from "react-hook-form";
import { PresetPicker } from "@/components/presets/preset-picker";
import { grantsFormValuesOf } from "@/lib/schemas/grants";
import type { InviteInput } from "@/lib/schemas/invitations";
import type { InviteFormValues, Named } from "./invite-form-types";
import { OrgRolesField } from "./org-roles-field";
import { ProjectRolesField } from "./project-roles-field";
import { TeamsField } from "./teams-field";

/**
 * An invitation's grants, asked the same way when inviting (or re-inviting) and when editing. With `presetsOf`
 * (the org), a "Preset" select above them fills all three from one of the org's presets.
 */
export function InvitationGrantsFields({
  form,
  teams,
  projects,
  presetsOf,
}: {
  form: UseFormReturn<InviteFormValues, unknown, InviteInput>;
  teams: Named[];
  projects: Named[];
  presetsOf?: string;
}) {
  return (
    <>
      {presetsOf ? (
        <PresetPicker
          orgId={presetsOf}
          onApply={(preset) => {
            const grants = grantsFormValuesOf(preset);
            form.setValue("orgRoles", grants.orgRoles, { shouldDirty: true });
            form.setValue("teamIds", grants.teamIds, { shouldDirty: true });
            form.setValue("projectRoles", grants.projectRoles, { shouldDirty: true });
            form.clearErrors(["orgRoles", "teamIds", "projectRoles"]);
          }}
        />
      ) : null}
      <OrgRolesField control={form.control} />
      <TeamsField control={form.control} teams={teams} />
      <ProjectRolesField
        control={form.control}
        register={form.register}
        errors={form.formState.errors.projectRoles}
        projects={projects}
      />
    </>
  );
}
