"use client";

import { getAlpha2Codes } from "i18n-iso-countries";
import { useMemo } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { FieldError, Label, Select } from "@/components/ui/field";

/** ISO 3166-1 alpha-2 codes (i18n-iso-countries keeps the list), named in the browser's language. */
function useCountries(): { code: string; name: string }[] {
  return useMemo(() => {
    const locale = typeof navigator === "undefined" ? "en" : navigator.language;
    const names = new Intl.DisplayNames([locale, "en"], { type: "region", fallback: "code" });
    const collator = new Intl.Collator(locale);
    return Object.keys(getAlpha2Codes())
      .map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => collator.compare(a.name, b.name));
  }, []);
}

export function CountryField({ register, error }: { register: UseFormRegisterReturn; error?: string }) {
  const countries = useCountries();
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor="atlas-user-country">Country</Label>
      <Select
        id="atlas-user-country"
        className="w-full"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "atlas-user-country-error" : undefined}
        {...register}
      >
        <option value="">Choose a country…</option>
        {countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </Select>
      <FieldError id="atlas-user-country-error" message={error} />
    </div>
  );
}
