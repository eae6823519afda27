"use client";

import { useState } from "react";
import { ORG_ROLES } from "@/lib/schemas/roles";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input, Select } from "@/components/ui/field";
import { SearchIcon, XIcon } from "@/components/ui/icons";
import { hasActiveFilters, type ListParams, type SourceFilter } from "@/lib/search-params/invitations";
import { ExportMenu } from "./export-menu";

interface Named {
  id: string;
  name: string;
}

interface ToolbarProps {
  params: ListParams;
  onChange: (patch: Partial<ListParams>) => void;
  onClear: () => void;
  teams: Named[];
  projects: Named[];
  /** "Expiring soon" means something on the Pending tab only. */
  showExpiring?: boolean;
}

/** Options for a select whose current value may not be in the list (an id from a shared URL, say). */
function NamedOptions({ items, current }: { items: Named[]; current: string }) {
  return (
    <>
      {current && !items.some((i) => i.id === current) ? <option value={current}>{current}</option> : null}
      {items.map((i) => (
        <option key={i.id} value={i.id}>
          {i.name}
        </option>
      ))}
    </>
  );
}

/** How many of the filters behind the phone's "Filters" button are set (the search box stays in view). */
export function countHiddenFilters(p: ListParams, showExpiring: boolean): number {
  return [p.role, p.team, p.project, p.source, showExpiring && p.expiring].filter(Boolean).length;
}

/**
 * Search and filters. Below `md` (phones) only the search box and a "Filters" button show, so that the first
 * invitation is near the top of the screen; the button opens the filters in place. From `md` up all show in
 * one row and the button is gone.
 */
export function InvitationsToolbar({
  params,
  onChange,
  onClear,
  teams,
  projects,
  showExpiring = true,
}: ToolbarProps) {
  const [open, setOpen] = useState(false);
  const hidden = countHiddenFilters(params, showExpiring);
  return (
    <div role="search" aria-label="Filter invitations" className="flex flex-wrap items-center gap-2">
      <div className="relative min-w-0 flex-1 md:w-60 md:flex-none">
        <label htmlFor="invitation-search" className="sr-only">
          Search by e-mail
        </label>
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-muted" />
        <Input
          id="invitation-search"
          type="search"
          // Short enough for the phone row it shares with Filters and Export ("Search by e-mail" lost its "l").
          placeholder="Search e-mail"
          autoComplete="off"
          spellCheck={false}
          value={params.q}
          onChange={(e) => onChange({ q: e.target.value })}
          className="pl-8"
        />
      </div>

      <Button
        className="md:hidden"
        aria-expanded={open}
        aria-controls="invitation-filters"
        onClick={() => setOpen((v) => !v)}
      >
        {hidden > 0 ? `Filters (${hidden})` : "Filters"}
      </Button>

      {/* Phones: a two-column panel while open; md+: `contents`, so the filters sit in the toolbar's row. */}
      <div
        id="invitation-filters"
        className={`${open ? "grid" : "hidden"} w-full grid-cols-2 gap-2 md:contents`}
      >
        <label htmlFor="filter-role" className="sr-only">
          Org role
        </label>
        <Select
          id="filter-role"
          className="w-full md:w-44"
          value={params.role}
          onChange={(e) => onChange({ role: e.target.value as ListParams["role"] })}
        >
          <option value="">All org roles</option>
          {ORG_ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </Select>

        <label htmlFor="filter-team" className="sr-only">
          Team
        </label>
        <Select
          id="filter-team"
          className="w-full md:w-36"
          value={params.team}
          onChange={(e) => onChange({ team: e.target.value })}
        >
          <option value="">All teams</option>
          <NamedOptions items={teams} current={params.team} />
        </Select>

        <label htmlFor="filter-project" className="sr-only">
          Project
        </label>
        <Select
          id="filter-project"
          className="w-full md:w-40"
          value={params.project}
          onChange={(e) => onChange({ project: e.target.value })}
        >
          <option value="">All projects</option>
          <NamedOptions items={projects} current={params.project} />
        </Select>

        <label htmlFor="filter-source" className="sr-only">
          Source
        </label>
        <Select
          id="filter-source"
          className="w-full md:w-48"
          value={params.source}
          onChange={(e) => onChange({ source: e.target.value as SourceFilter | "" })}
        >
          <option value="">All invitation types</option>
          <option value="org">Org invitations</option>
          <option value="project">Legacy project invitations</option>
        </Select>

        <div className={showExpiring ? "flex h-9 items-center gap-2 px-1" : "hidden"}>
          <Checkbox
            id="filter-expiring"
            checked={params.expiring}
            onCheckedChange={(checked) => onChange({ expiring: checked === true })}
          />
          <label htmlFor="filter-expiring" className="text-sm whitespace-nowrap">
            Expiring soon
          </label>
        </div>
      </div>

      {hasActiveFilters(params) ? (
        <Button variant="ghost" onClick={onClear}>
          <XIcon />
          Clear filters
        </Button>
      ) : null}
      <div className="ml-auto">
        <ExportMenu params={params} />
      </div>
    </div>
  );
}
