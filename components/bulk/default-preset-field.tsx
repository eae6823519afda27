"use client";

import { useQuery } from "@tanstack/react-query";
import type { UseFormRegisterReturn } from "react-hook-form";
import { FieldError, FieldHint, Label, Select } from "@/components/ui/field";
import { presetsQuery } from "@/lib/api-client/presets/queries";

/**
 * The preset for rows whose own preset cell is empty. Left on the first choice the server applies the org's
 * default preset, if it has one (lib/server/bulk/plan-import.ts). Out-of-date presets are listed, disabled.
 * Nothing shows while the org has no presets (or they cannot be read: the plan then uses the default).
 */
export function DefaultPresetField({
  orgId,
  registration,
  error,
}: {
  orgId: string;
  registration: UseFormRegisterReturn<"presetId">;
  error?: string;
}) {
  const presets = useQuery({ ...presetsQuery(orgId), retry: false });
  const list = presets.data?.presets ?? [];
  if (list.length === 0) return null;
  const byDefault = list.find((p) => p.isDefault);
  return (
    <div className="flex flex-col gap-1.5" data-field>
      <Label htmlFor="bulk-preset">
        Preset <span className="font-normal text-muted">(optional)</span>
      </Label>
      <Select
        id="bulk-preset"
        className="w-full sm:max-w-md"
        aria-invalid={!!error || undefined}
        aria-describedby={error ? "bulk-preset-error" : "bulk-preset-hint"}
        {...registration}
      >
        <option value="">{byDefault ? `The organization's default (${byDefault.name})` : "No preset"}</option>
        {list
          .filter((p) => !p.isDefault)
          .map((p) => (
            <option key={p.id} value={p.id} disabled={p.stale.length > 0}>
              {p.name}
              {p.stale.length > 0 ? ` — out of date: ${p.stale.join("; ")}` : ""}
            </option>
          ))}
      </Select>
      {error ? (
        <FieldError id="bulk-preset-error" message={error} />
      ) : (
        <FieldHint id="bulk-preset-hint">For rows whose own preset cell is empty.</FieldHint>
      )}
    </div>
  );
}
