"use client";

import { useQuery } from "@tanstack/react-query";
import { AUDIT_OUTCOME_VALUES } from "@/lib/schemas/audit";
import { auditOrgsQuery } from "@/lib/api-client/audit/queries";
import type { AuditFilterValues } from "@/lib/search-params/audit";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/field";
import { ACTION_GROUPS, actionLabel, OUTCOME_LABELS } from "@/lib/schemas/audit-labels";

type Filters = AuditFilterValues;

/** The org filter: known orgs by name (an org in the URL that no connection sees is offered by its id). */
function OrgSelect({ value, onChange }: { value: string; onChange: (org: string) => void }) {
  const orgs = useQuery(auditOrgsQuery());
  const list = orgs.data?.orgs ?? [];
  const known = list.some((o) => o.id === value);
  return (
    <Select
      id="audit-org"
      className="w-full"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-describedby={orgs.isError ? "audit-org-error" : undefined}
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
}: {
  value: Filters;
  onChange: (patch: Partial<Filters>) => void;
  onClear: () => void;
  exportHref: string;
}) {
  const field = "flex min-w-0 flex-col gap-1";
  // On phones the two text fields take a full row, the selects, dates and buttons two to a row.
  const wide = `${field} col-span-2 md:col-span-1`;
  return (
    <div
      role="search"
      aria-label="Filter the audit log"
      className="grid grid-cols-2 gap-x-3 gap-y-2 md:grid-cols-4 md:gap-y-3"
    >
      <div className={wide}>
        <Label htmlFor="audit-user">Console user</Label>
        <Input
          id="audit-user"
          type="search"
          placeholder="e-mail contains"
          autoComplete="off"
          spellCheck={false}
          value={value.user}
          onChange={(e) => onChange({ user: e.target.value })}
        />
      </div>
      <div className={wide}>
        <Label htmlFor="audit-target">Target e-mail</Label>
        <Input
          id="audit-target"
          type="search"
          placeholder="e-mail contains"
          autoComplete="off"
          spellCheck={false}
          value={value.target}
          onChange={(e) => onChange({ target: e.target.value })}
        />
      </div>
      <div className={field}>
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
      <div className={field}>
        <Label htmlFor="audit-org">Org</Label>
        <OrgSelect value={value.org} onChange={(org) => onChange({ org })} />
      </div>
      <div className={field}>
        <Label htmlFor="audit-from">From (UTC day)</Label>
        <Input
          id="audit-from"
          type="date"
          value={value.from}
          onChange={(e) => onChange({ from: e.target.value })}
        />
      </div>
      <div className={field}>
        <Label htmlFor="audit-to">To (UTC day)</Label>
        <Input
          id="audit-to"
          type="date"
          value={value.to}
          onChange={(e) => onChange({ to: e.target.value })}
        />
      </div>
      <div className={field}>
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
