"use client";

import { useEffect, useState } from "react";
import { useController, type Control } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FieldError, FieldHint, Input, Label } from "@/components/ui/field";
import type * as StrengthModuleNs from "@/lib/password-strength";
import type { Strength } from "@/lib/password-strength";
import { MIN_PASSWORD_SCORE, type CreateAtlasUserFormValues } from "@/lib/schemas/atlas-users";
import { cn } from "@/components/ui/cn";

type StrengthModule = typeof StrengthModuleNs;
// zxcvbn and its dictionaries weigh about a megabyte: loaded when the field is first used, never at page load.
let loading: Promise<StrengthModule> | null = null;
const loadStrength = () => (loading ??= import("@/lib/password-strength"));

const LABELS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"] as const;
const BAR = ["bg-danger", "bg-danger", "bg-on-warn-soft", "bg-on-ok-soft", "bg-on-ok-soft"] as const;

interface PasswordFieldProps {
  control: Control<CreateAtlasUserFormValues>;
  /** What the password must not resemble (e-mail, names). */
  userInputs: string[];
  /** The generated password, while it is shown (once, until the dialog closes). */
  generated: string | null;
  onGenerated: (password: string | null) => void;
  /** Blocks submit until the score is known and high enough. */
  onScore: (score: number | null) => void;
}

export function PasswordField({ control, userInputs, generated, onGenerated, onScore }: PasswordFieldProps) {
  const {
    field: { value, onChange, onBlur, name, ref },
    fieldState,
  } = useController({ control, name: "password" });
  const [strength, setStrength] = useState<Strength | null>(null);
  const [visible, setVisible] = useState(false);
  const [copied, setCopied] = useState(false);
  const inputsKey = userInputs.join("\n");

  useEffect(() => {
    let stale = false;
    if (!value) {
      onScore(null);
      return;
    }
    void loadStrength().then((m) => {
      if (stale) return;
      const s = m.passwordStrength(value, inputsKey.split("\n"));
      setStrength(s);
      onScore(s.score);
    });
    return () => {
      stale = true;
    };
  }, [value, inputsKey, onScore]);

  const generate = async () => {
    const m = await loadStrength();
    const pw = m.generatePassword();
    onChange(pw);
    onGenerated(pw);
    setVisible(true);
    setCopied(false);
  };
  const copy = async () => {
    if (!generated) return;
    await navigator.clipboard?.writeText(generated).catch(() => undefined);
    setCopied(true);
  };

  const shown = value ? strength : null;
  const error = fieldState.error?.message;
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor="atlas-user-password">Password</Label>
      <div className="flex flex-wrap gap-2">
        <Input
          id="atlas-user-password"
          ref={ref}
          name={name}
          value={value ?? ""}
          onChange={(e) => {
            onChange(e.target.value);
            if (generated) onGenerated(null);
          }}
          onBlur={onBlur}
          onFocus={() => void loadStrength()}
          type={visible ? "text" : "password"}
          autoComplete="new-password"
          spellCheck={false}
          className="min-w-0 flex-1 font-mono"
          aria-invalid={error ? true : undefined}
          aria-describedby={cn("atlas-user-password-strength", error && "atlas-user-password-error")}
        />
        <Button type="button" onClick={() => setVisible((v) => !v)} aria-pressed={visible}>
          {visible ? "Hide" : "Show"}
        </Button>
        <Button type="button" onClick={() => void generate()}>
          Generate
        </Button>
      </div>
      <div id="atlas-user-password-strength" aria-live="polite" className="flex flex-col gap-1">
        <div className="flex gap-1" aria-hidden="true">
          {[0, 1, 2, 3].map((i) => (
            <span
              key={i}
              className={cn(
                "h-1.5 flex-1 rounded-full",
                shown && shown.score > i ? BAR[shown.score] : "bg-subtle",
              )}
            />
          ))}
        </div>
        <FieldHint>
          {shown
            ? `Strength: ${LABELS[shown.score]}${shown.score < MIN_PASSWORD_SCORE ? ` (needs ${LABELS[MIN_PASSWORD_SCORE].toLowerCase()})` : ""}.${shown.warning ? ` ${shown.warning}` : ""}`
            : `At least 10 characters, rated ${LABELS[MIN_PASSWORD_SCORE].toLowerCase()} or better.`}
        </FieldHint>
      </div>
      <FieldError id="atlas-user-password-error" message={error} />
      {generated ? (
        <div className="flex flex-wrap items-center gap-2 rounded-md bg-info-soft px-3 py-2 text-sm text-on-info-soft">
          <span className="min-w-0 flex-1">
            Generated password, shown only here and never stored: copy it now to hand it over.
          </span>
          <Button type="button" size="sm" onClick={() => void copy()}>
            {copied ? "Copied" : "Copy password"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
