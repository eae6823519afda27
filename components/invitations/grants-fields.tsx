"use client";

import type { UseFormReturn } from "react-hook-form";
import type { InviteInput } from "@/lib/schemas/invitations";
import type { InviteFormValues, Named } from "./invite-form-types";
import { OrgRolesField } from "./org-roles-field";
import { ProjectRolesField } from "./project-roles-field";
import { TeamsField } from "./teams-field";

/** An invitation's grants, asked the same way when inviting (or re-inviting) and when editing. */
export function InvitationGrantsFields({
  form,
  teams,
  projects,
}: {
  form: UseFormReturn<InviteFormValues, unknown, InviteInput>;
  teams: Named[];
  projects: Named[];
}) {
  return (
    <>
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
