import type { ReactNode } from "react";
import { Select } from "@/components/ui/field";
import { SortIcon } from "@/components/ui/icons";
import type { SortColumn, SortDirection } from "@/lib/search-params/invitations";
import { ACTIONS_WIDTH, COLUMNS, HEADER_HEIGHT, SELECT_WIDTH, type ColumnDef } from "./table-columns";

const TH = "sticky top-0 z-10 border-b border-line bg-subtle px-3 text-left text-xs font-semibold text-muted";

export function TableColGroup({
  columns = COLUMNS,
  select = false,
}: {
  columns?: ColumnDef[];
  select?: boolean;
}) {
  return (
    <colgroup>
      {select ? <col style={{ width: SELECT_WIDTH }} /> : null}
      {columns.map((c) => (
        <col key={c.id} style={{ width: c.width }} />
      ))}
      <col style={{ width: ACTIONS_WIDTH }} />
    </colgroup>
  );
}

interface TableHeadProps {
  /** Absent while loading: the header is then plain text. */
  sort?: { column: SortColumn; dir: SortDirection; onSort: (column: SortColumn) => void };
  columns?: ColumnDef[];
  /** The header's select-all checkbox, in a first column (tabs with bulk actions: ./bulk-action-bar.tsx). */
  select?: ReactNode;
}

/** Sortable headers are buttons; only the sorted column carries aria-sort (as the ARIA practices advise). */
export function TableHead({ sort, columns = COLUMNS, select }: TableHeadProps) {
  return (
    <thead>
      <tr aria-rowindex={1} style={{ height: HEADER_HEIGHT }}>
        {select ? (
          <th scope="col" className={`${TH} pr-0 pl-2`}>
            <div className="flex items-center">{select}</div>
          </th>
        ) : null}
        {columns.map((c) => {
          const active = sort?.column === c.id;
          return (
            <th
              key={c.id}
              scope="col"
              className={TH}
              aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}
            >
              {sort ? (
                <button
                  type="button"
                  onClick={() => sort.onSort(c.id)}
                  className="-mx-1 inline-flex max-w-full items-center gap-1 rounded px-1 py-0.5 whitespace-nowrap hover:text-fg"
                >
                  {c.label}
                  <SortIcon
                    direction={active ? sort.dir : undefined}
                    className={active ? "text-fg" : "opacity-50"}
                  />
                </button>
              ) : (
                c.label
              )}
            </th>
          );
        })}
        <th scope="col" className={TH}>
          <span className="sr-only">Actions</span>
        </th>
      </tr>
    </thead>
  );
}

/** Phones: one column of cards, so the sort is a select and a direction button instead of column headers. */
export function PhoneTableHead({
  sort,
  columns = COLUMNS,
  select,
}: {
  sort: { column: SortColumn; dir: SortDirection; onSort: (column: SortColumn) => void };
  columns?: ColumnDef[];
  select?: ReactNode;
}) {
  return (
    <thead>
      <tr aria-rowindex={1} style={{ height: HEADER_HEIGHT }}>
        <th scope="col" className={TH}>
          <div className="flex items-center gap-2 font-normal">
            {select ? <span className="mr-1 flex items-center">{select}</span> : null}
            <label htmlFor="phone-sort">Sort by</label>
            <Select
              id="phone-sort"
              className="w-40"
              value={sort.column}
              onChange={(e) => sort.onSort(e.target.value as SortColumn)}
            >
              {columns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </Select>
            <button
              type="button"
              onClick={() => sort.onSort(sort.column)}
              aria-label={
                sort.dir === "asc" ? "Sorted ascending; sort descending" : "Sorted descending; sort ascending"
              }
              className="inline-flex size-8 items-center justify-center rounded hover:text-fg"
            >
              <SortIcon direction={sort.dir} className="text-fg" />
            </button>
          </div>
        </th>
      </tr>
    </thead>
  );
}
