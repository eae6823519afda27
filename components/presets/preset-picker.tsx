"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { FieldHint, Label, Select } from "@/components/ui/field";
import { presetsQuery } from "@/lib/api-client/presets/queries";
import type { Preset } from "@/lib/schemas/presets";

/**
 * "Preset" in the invite dialog: choosing one fills the grant fields with its grants (the inviter may change
 * them afterwards; Send still passes the invite rules). A stale preset is listed, disabled, with its reason: it
 * is never applied with a gone team or project dropped. Nothing shows while the org has no presets.
 */
export function PresetPicker({ orgId, onApply }: { orgId: string; onApply: (preset: Preset) => void }) {
  const presets = useQuery({ ...presetsQuery(orgId), retry: false });
  const [chosen, setChosen] = useState("");
  const id = useId();
  if (presets.isError) {
    return (
      <p className="text-xs text-muted" role="status">
        Presets could not be read; set the grants below by hand.
      </p>
    );
  }
  const list = presets.data?.presets ?? [];
  if (list.length === 0) return null;
  // The default first, then by name (the API's order).
  const ordered = [...list.filter((p) => p.isDefault), ...list.filter((p) => !p.isDefault)];
  const stale = ordered.filter((p) => p.stale.length > 0);
  const applied = list.find((p) => p.id === chosen);
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={`${id}-preset`}>
        Preset <span className="font-normal text-muted">(optional)</span>
      </Label>
      <Select
        id={`${id}-preset`}
        value={chosen}
        aria-describedby={`${id}-preset-hint${stale.length ? ` ${id}-preset-stale` : ""}`}
        onChange={(e) => {
          const preset = list.find((p) => p.id === e.target.value);
          setChosen(e.target.value);
          if (preset && preset.stale.length === 0) onApply(preset);
        }}
      >
        <option value="">Choose a preset to fill the roles below</option>
        {ordered.map((p) => (
          <option key={p.id} value={p.id} disabled={p.stale.length > 0}>
            {p.name}
            {p.isDefault ? " (default)" : ""}
            {p.stale.length > 0 ? ` — out of date: ${p.stale.join("; ")}` : ""}
          </option>
        ))}
      </Select>
      <FieldHint id={`${id}-preset-hint`}>
        {applied
          ? `Filled from “${applied.name}”; change anything below before sending.`
          : "Fills organization roles, teams and project roles; you can still change them. "}
        {applied ? null : (
          <Link href={`/orgs/${encodeURIComponent(orgId)}/presets`} className="underline">
            Manage presets
          </Link>
        )}
      </FieldHint>
      {stale.length ? (
        <ul id={`${id}-preset-stale`} className="text-xs text-muted">
          {stale.map((p) => (
            <li key={p.id}>
              “{p.name}” is out of date ({p.stale.join("; ")}); an admin must update it before it can be used.
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
