"use client";

import { useQuery } from "@tanstack/react-query";
import { Suspense } from "react";
import { AUDIT_OUTCOME_VALUES } from "@/lib/schemas/audit";
import { auditOrgsQuery } from "@/lib/api-client/audit/queries";
import type { AuditFilterValues } from "@/lib/search-params/audit";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/field";
import { LazySearchCombobox } from "@/components/ui/search-combobox-lazy";
import { SEARCH_FROM } from "@/components/ui/search-combobox-model";
import { ACTION_GROUPS, actionLabel, OUTCOME_LABELS } from "@/lib/schemas/audit-labels";

type Filters = AuditFilterValues;

/**
 * The org filter: known orgs by name (an org in the URL that no connection sees is offered by its id); a search
 * from SEARCH_FROM orgs on (a company with an org per business unit).
 */
function OrgSelect({ value, onChange }: { value: string; onChange: (org: string) => void }) {
  const orgs = useQuery(auditOrgsQuery());
  const list = orgs.data?.orgs ?? [];
  const known = list.some((o) => o.id === value);
  const describedBy = orgs.isError ? "audit-org-error" : undefined;
  const menu = (
    <Select
      id="audit-org"
      className="w-full"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-describedby={describedBy}
    >
      <option value="">All orgs</option>
      {value && !known ? <option value={value}>{value}</option> : null}
      {list.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name ?? o.id}
        </option>
      ))}
    </Select>
  );
  if (list.length < SEARCH_FROM) return menu;
  return (
    <Suspense fallback={menu}>
      <LazySearchCombobox
        id="audit-org"
        className="w-full"
        options={[
          { value: "", label: "All orgs" },
          ...list.map((o) => ({ value: o.id, label: o.name ?? o.id })),
        ]}
        value={value}
        placeholder="All orgs"
        aria-describedby={describedBy}
        onChange={onChange}
      />
    </Suspense>
  );
}

const FIELD = "flex min-w-0 flex-col gap-1";
// On phones the two text fields take a full row, the selects, dates and buttons two to a row.
const WIDE = `${FIELD} col-span-2 md:col-span-1`;

interface FieldProps {
  value: Filters;
  onChange: (patch: Partial<Filters>) => void;
}

const EMAIL_INPUT = {
  type: "search",
  placeholder: "e-mail contains",
  autoComplete: "off",
  spellCheck: false,
} as const;
const DAY_INPUT = { type: "date" } as const;

/** A typed filter: an address by a part of it (the acting user's, the target's), or a whole UTC day. */
function InputFilter({
  name,
  label,
  value,
  onChange,
}: FieldProps & { name: "user" | "target" | "from" | "to"; label: string }) {
  const day = name === "from" || name === "to";
  return (
    <div className={day ? FIELD : WIDE}>
      <Label htmlFor={`audit-${name}`}>{label}</Label>
      <Input
        id={`audit-${name}`}
        {...(day ? DAY_INPUT : EMAIL_INPUT)}
        value={value[name]}
        onChange={(e) => onChange({ [name]: e.target.value })}
      />
    </div>
  );
}

/**
 * Filters apply as they change (as on the invitations list): selects and dates at once, text fields after a
 * short pause (the view debounces them). The state lives in the page's URL.
 */
export function AuditFilters({
  value,
  onChange,
  onClear,
  exportHref,
}: FieldProps & {
  onClear: () => void;
  exportHref: string;
}) {
  return (
    <div
      role="search"
      aria-label="Filter the audit log"
      className="grid grid-cols-2 gap-x-3 gap-y-2 md:grid-cols-4 md:gap-y-3"
    >
      <InputFilter name="user" label="Console user" value={value} onChange={onChange} />
      <InputFilter name="target" label="Target e-mail" value={value} onChange={onChange} />
      <div className={FIELD}>
        <Label htmlFor="audit-action">Action</Label>
        <Select
          id="audit-action"
          className="w-full"
          value={value.action}
          onChange={(e) => onChange({ action: e.target.value })}
        >
          <option value="">All actions</option>
          {value.action && actionLabel(value.action) === value.action ? (
            <option value={value.action}>{value.action}</option>
          ) : null}
          {ACTION_GROUPS.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.actions.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </div>
      <div className={FIELD}>
        <Label htmlFor="audit-org">Org</Label>
        <OrgSelect value={value.org} onChange={(org) => onChange({ org })} />
      </div>
      <InputFilter name="from" label="From (UTC day)" value={value} onChange={onChange} />
      <InputFilter name="to" label="To (UTC day)" value={value} onChange={onChange} />
      <div className={FIELD}>
        <Label htmlFor="audit-outcome">Outcome</Label>
        <Select
          id="audit-outcome"
          className="w-full"
          value={value.outcome}
          onChange={(e) => onChange({ outcome: e.target.value })}
        >
          <option value="">All outcomes</option>
          {AUDIT_OUTCOME_VALUES.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_LABELS[o]}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <Button onClick={onClear}>Clear</Button>
        {/* A plain download link: the browser sends the session cookie, the server streams the CSV. */}
        <a
          href={exportHref}
          download
          className="inline-flex h-9 items-center rounded-md border border-line-strong bg-surface px-3.5 text-sm font-medium whitespace-nowrap hover:bg-subtle"
        >
          Export CSV
        </a>
      </div>
    </div>
  );
}
