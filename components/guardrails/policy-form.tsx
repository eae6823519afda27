"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { FieldHint, Input, Label, Select, Textarea } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { ApiError } from "@/lib/api-client/errors";
import { useSavePolicy } from "@/lib/api-client/policy/mutations";
import type { PolicyResponse } from "@/lib/schemas/policy";
import { policySchema } from "@/lib/schemas/policy";
import { isPrivilegedOrgRole } from "@/lib/permissions";
import { ORG_ROLE_VALUES, orgRoleLabel } from "@/lib/schemas/roles";

// The guardrails form: the policy's lists as text (one domain or role per line or comma), checked with the
// handler's own schema (lib/schemas/policy.ts) before sending; a refusal lands beside the field it names.

/** Offered as checkboxes: the org roles only admins grant (lib/permissions.ts); others are typed. */
const OFFERED_ROLES: readonly string[] = ORG_ROLE_VALUES.filter(isPrivilegedOrgRole);

interface Values {
  domains: string;
  outsideDomains: "refuse" | "approval";
  offered: string[];
  otherRoles: string;
  hours: string;
}

const list = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const valuesOf = (p: PolicyResponse): Values => ({
  domains: p.allowedDomains.join("\n"),
  outsideDomains: p.outsideDomains,
  offered: p.approvalRoles.filter((r) => OFFERED_ROLES.includes(r)),
  otherRoles: p.approvalRoles.filter((r) => !OFFERED_ROLES.includes(r)).join(", "),
  hours: String(p.approvalExpiresHours),
});

/** A policy field path from the schema or the server ("allowedDomains.2") → this form's field. */
function fieldOf(path: string): keyof Values {
  if (path.startsWith("allowedDomains")) return "domains";
  if (path.startsWith("approvalRoles")) return "otherRoles";
  if (path.startsWith("approvalExpiresHours")) return "hours";
  return "outsideDomains";
}

export function PolicyForm({ orgId, policy }: { orgId: string; policy: PolicyResponse }) {
  const form = useForm<Values>({ defaultValues: valuesOf(policy) });
  const save = useSavePolicy(orgId);
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (v) => {
    setFormMessage(null);
    const domains = list(v.domains);
    const input = {
      allowedDomains: domains,
      outsideDomains: v.outsideDomains,
      approvalRoles: [...v.offered, ...list(v.otherRoles).map((r) => r.toUpperCase())],
      approvalExpiresHours: Number(v.hours),
    };
    const parsed = policySchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join(".");
        const item = /^allowedDomains\.(\d+)$/.exec(path);
        const what = item ? `${domains[Number(item[1])]}: ${issue.message}` : issue.message;
        form.setError(fieldOf(path), { type: "schema", message: what }, { shouldFocus: true });
      }
      return;
    }
    try {
      const saved = await save.mutateAsync(input);
      form.reset(valuesOf(saved));
      toast.success("Guardrails saved.");
    } catch (e) {
      if (e instanceof ApiError && e.fields && Object.keys(e.fields).length > 0) {
        for (const [path, message] of Object.entries(e.fields)) form.setError(fieldOf(path), { message });
      } else {
        setFormMessage(e instanceof ApiError ? e.message : "The guardrails could not be saved. Try again.");
      }
    }
  });

  const err = (name: keyof Values) => errors[name]?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Guardrails">
      <FormAlert message={formMessage} />
      <div className="space-y-1.5">
        <Label htmlFor="gr-domains">Allowed e-mail domains</Label>
        <Textarea
          id="gr-domains"
          rows={3}
          placeholder="example.com"
          aria-invalid={err("domains") ? true : undefined}
          aria-describedby="gr-domains-hint gr-domains-error"
          {...form.register("domains")}
        />
        <FieldHint id="gr-domains-hint">
          One per line or comma separated; empty allows any domain. A sub-domain is not covered by its parent:
          list eu.example.com as well as example.com to allow both.
        </FieldHint>
        {err("domains") ? (
          <p id="gr-domains-error" className="text-xs text-danger">
            {err("domains")}
          </p>
        ) : null}
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="gr-outside">An address outside those domains</Label>
        <Select id="gr-outside" className="w-full sm:w-auto" {...form.register("outsideDomains")}>
          <option value="refuse">is refused</option>
          <option value="approval">waits for a second admin&apos;s approval</option>
        </Select>
      </div>
      <fieldset className="space-y-1.5">
        <legend className="text-sm font-medium">Roles that need a second admin&apos;s approval</legend>
        <div className="flex flex-wrap gap-4">
          {OFFERED_ROLES.map((r) => (
            <label key={r} className="flex items-center gap-2 text-sm">
              <input type="checkbox" value={r} className="size-4" {...form.register("offered")} />
              {orgRoleLabel(r)}
            </label>
          ))}
        </div>
        <Label htmlFor="gr-roles" className="sr-only">
          Other roles
        </Label>
        <Input
          id="gr-roles"
          placeholder="Other roles, e.g. GROUP_OWNER"
          aria-invalid={err("otherRoles") ? true : undefined}
          aria-describedby="gr-roles-hint gr-roles-error"
          {...form.register("otherRoles")}
        />
        <FieldHint id="gr-roles-hint">
          Organization or project roles as Atlas spells them. None: invitations never wait for approval for
          their roles.
        </FieldHint>
        {err("otherRoles") ? (
          <p id="gr-roles-error" className="text-xs text-danger">
            {err("otherRoles")}
          </p>
        ) : null}
      </fieldset>
      <div className="space-y-1.5">
        <Label htmlFor="gr-hours">Unanswered requests are denied after (hours)</Label>
        <Input
          id="gr-hours"
          type="number"
          inputMode="numeric"
          min={1}
          max={720}
          className="w-32"
          aria-invalid={err("hours") ? true : undefined}
          aria-describedby="gr-hours-error"
          {...form.register("hours")}
        />
        {err("hours") ? (
          <p id="gr-hours-error" className="text-xs text-danger">
            {err("hours")}
          </p>
        ) : null}
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save guardrails"}
        </Button>
        {policy.updatedByEmail ? (
          <p className="text-xs text-muted">Last changed by {policy.updatedByEmail}</p>
        ) : null}
      </div>
    </form>
  );
}
