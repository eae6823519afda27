"use client";

import { useState, type FormEvent } from "react";
import { AUDIT_ACTIONS, AUDIT_OUTCOME_VALUES } from "@/lib/schemas/audit";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/field";
import { EMPTY_FILTERS, type AuditParams } from "./audit-params";

type Filters = Omit<AuditParams, "page">;

/** Text filters apply on submit (Enter or Apply) so typing does not refetch per keystroke. */
export function AuditFilters({
  value,
  onApply,
  onClear,
  exportHref,
}: {
  value: Filters;
  onApply: (filters: Filters) => void;
  onClear: () => void;
  exportHref: string;
}) {
  const [draft, setDraft] = useState(value);
  const [synced, setSynced] = useState(value);
  // Back/forward changes the URL: adopt it (the React way to reset state from a prop).
  if (JSON.stringify(synced) !== JSON.stringify(value)) {
    setSynced(value);
    setDraft(value);
  }
  const set = (patch: Partial<Filters>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  const field = "flex flex-col gap-1";
  return (
    <form
      role="search"
      aria-label="Filter the audit log"
      onSubmit={submit}
      className="flex flex-wrap items-end gap-3"
    >
      <div className={field}>
        <Label htmlFor="audit-from">From (UTC)</Label>
        <Input
          id="audit-from"
          type="date"
          value={draft.from}
          onChange={(e) => set({ from: e.target.value })}
          className="w-40"
        />
      </div>
      <div className={field}>
        <Label htmlFor="audit-to">To (UTC)</Label>
        <Input
          id="audit-to"
          type="date"
          value={draft.to}
          onChange={(e) => set({ to: e.target.value })}
          className="w-40"
        />
      </div>
      <div className={field}>
        <Label htmlFor="audit-user">Console user</Label>
        <Input
          id="audit-user"
          type="search"
          placeholder="e-mail contains"
          autoComplete="off"
          spellCheck={false}
          value={draft.user}
          onChange={(e) => set({ user: e.target.value })}
          className="w-48"
        />
      </div>
      <div className={field}>
        <Label htmlFor="audit-action">Action</Label>
        <Select
          id="audit-action"
          className="w-52"
          value={draft.action}
          onChange={(e) => set({ action: e.target.value })}
        >
          <option value="">All actions</option>
          {draft.action && !(AUDIT_ACTIONS as readonly string[]).includes(draft.action) ? (
            <option value={draft.action}>{draft.action}</option>
          ) : null}
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </Select>
      </div>
      <div className={field}>
        <Label htmlFor="audit-org">Org id</Label>
        <Input
          id="audit-org"
          placeholder="24 hex characters"
          autoComplete="off"
          spellCheck={false}
          value={draft.org}
          onChange={(e) => set({ org: e.target.value.trim().toLowerCase() })}
          className="w-56 font-mono"
        />
      </div>
      <div className={field}>
        <Label htmlFor="audit-target">Target e-mail</Label>
        <Input
          id="audit-target"
          type="search"
          placeholder="e-mail contains"
          autoComplete="off"
          spellCheck={false}
          value={draft.target}
          onChange={(e) => set({ target: e.target.value })}
          className="w-48"
        />
      </div>
      <div className={field}>
        <Label htmlFor="audit-outcome">Outcome</Label>
        <Select
          id="audit-outcome"
          className="w-36"
          value={draft.outcome}
          onChange={(e) => set({ outcome: e.target.value })}
        >
          <option value="">All outcomes</option>
          {AUDIT_OUTCOME_VALUES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex gap-2">
        <Button type="submit" variant="primary">
          Apply
        </Button>
        <Button
          onClick={() => {
            setDraft(EMPTY_FILTERS);
            onClear();
          }}
        >
          Clear
        </Button>
        {/* A plain download link: the browser sends the session cookie, the server streams the CSV. */}
        <a
          href={exportHref}
          download
          className="inline-flex h-9 items-center rounded-md border border-line-strong bg-surface px-3.5 text-sm font-medium hover:bg-subtle"
        >
          Export CSV
        </a>
      </div>
    </form>
  );
}
