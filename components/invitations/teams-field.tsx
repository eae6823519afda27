"use client";

import { useController } from "react-hook-form";
import { ATLAS_ID } from "@/lib/schemas/atlas-id";
import { FieldError, FieldHint } from "@/components/ui/field";
import { MultiSelect } from "@/components/ui/multi-select";
import type { GrantsFormValues } from "@/lib/schemas/grants";
import { grantsControl, type GrantsControl } from "./grants-form";
import type { Named } from "./invite-form-types";

/** Teams picked by name; a pasted 24-hex team id works too (a team this list does not show, say). */
export function TeamsField<T extends GrantsFormValues, TOut>({
  control,
  teams,
}: {
  control: GrantsControl<T, TOut>;
  teams: Named[];
}) {
  const {
    field: { ref: focusTarget, value, onChange },
    fieldState,
  } = useController({ control: grantsControl(control), name: "teamIds" });
  const nameOf = (id: string) => teams.find((t) => t.id === id)?.name;
  const error = fieldState.error?.message;
  return (
    <div className="flex flex-col gap-1.5">
      <span id="teams-label" className="text-sm font-medium">
        Teams <span className="font-normal text-muted">(optional)</span>
      </span>
      <MultiSelect
        id="teams"
        labelId="teams-label"
        ref={focusTarget}
        options={teams.map((t) => ({ value: t.id, label: t.name }))}
        value={value ?? []}
        onChange={onChange}
        placeholder={teams.length ? "Choose teams" : "No teams in this organization"}
        filterLabel="Filter teams"
        emptyText="No team matches. Paste a team id to add it."
        customHint="A team id (24 hex characters) can be pasted above."
        parseCustom={(text) => {
          const id = text.toLowerCase();
          return ATLAS_ID.test(id) ? { value: id, label: nameOf(id) ?? `Team id ${id}` } : null;
        }}
        labelOf={(id) => `Team id ${id}`}
        invalid={!!error}
        describedBy={error ? "teams-error" : "teams-hint"}
      />
      {error ? (
        <FieldError id="teams-error" message={error} />
      ) : (
        <FieldHint id="teams-hint">Members of a team get the team&apos;s project access.</FieldHint>
      )}
    </div>
  );
}
