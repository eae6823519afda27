import type { InviteFormValues } from "./invite-form-types";

// Whether closing the invite dialog would drop something typed (components/invitations/invite-dialog.tsx
// asks "Discard this invitation?" then). Pure: test/invitations/invite-form.test.ts.

function normal(v: InviteFormValues) {
  return {
    emails: (v.emails ?? "").trim().toLowerCase(),
    orgRoles: [...(v.orgRoles ?? [])].sort(),
    teamIds: [...(v.teamIds ?? [])].sort(),
    // An added row left empty holds nothing to lose.
    projectRoles: (v.projectRoles ?? [])
      .filter((p) => p && (p.projectId || (p.roles ?? []).length > 0))
      .map((p) => `${p.projectId}:${[...(p.roles ?? [])].sort().join(",")}`)
      .sort(),
  };
}

/** True when the form holds more than it was opened with (whitespace, case and order aside). */
export function draftChanged(values: InviteFormValues, initial: InviteFormValues): boolean {
  return JSON.stringify(normal(values)) !== JSON.stringify(normal(initial));
}
