"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";
import type { Invitation } from "@/lib/schemas/invitations";
import type { LedgerTab } from "@/lib/schemas/ledger";
import { cn } from "@/components/ui/cn";
import { WIDE_QUERY, useMediaQuery } from "@/components/ui/use-media-query";
import { InvitationCardRow } from "./invitation-card-row";
import { InvitationRowView } from "./invitation-row";
import type { InvitationRow } from "@/lib/invitations/list-model";
import type { SortColumn, SortDirection } from "@/lib/search-params/invitations";
import {
  CARD_HEIGHT,
  COLUMNS,
  HEADER_HEIGHT,
  ROW_HEIGHT,
  TABLE_MIN_WIDTH,
  columnLabel,
  columnsFor,
} from "./table-columns";
import { PhoneTableHead, TableColGroup, TableHead } from "./table-head";
import { formatCount } from "./bulk-tabs";
import { headerState } from "./selection";
import { SelectCheckbox } from "./select-checkbox";
import type { RowSelection } from "./use-row-selection";

const SPAN = COLUMNS.length + 1;
const estimateRow = () => ROW_HEIGHT;
const estimateCard = () => CARD_HEIGHT;

/** The console's scrolling page (components/layout/console-shell.tsx): on phones the list scrolls with it. */
const pageScroller = () => document.getElementById("main");

/**
 * Where `el` starts inside the page's scrolled content: the virtualizer's scrollMargin when the page, not the
 * list, is the scroller. Measured again whenever the page's content changes size (a notice above the list, the
 * filters opening).
 */
function useOffsetInPage(el: RefObject<HTMLElement | null>, enabled: boolean): number {
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const page = pageScroller();
    const target = el.current;
    if (!enabled || !page || !target) return;
    const measure = () =>
      setOffset(
        Math.round(target.getBoundingClientRect().top - page.getBoundingClientRect().top + page.scrollTop),
      );
    measure();
    const observer = new ResizeObserver(measure);
    for (const child of Array.from(page.children)) observer.observe(child);
    observer.observe(page);
    return () => observer.disconnect();
  }, [el, enabled]);
  return offset;
}

interface InvitationsTableProps {
  rows: InvitationRow[];
  sort: SortColumn;
  dir: SortDirection;
  onSort: (column: SortColumn) => void;
  onCancel: (invitation: Invitation) => void;
  pendingIds: ReadonlySet<string>;
  now: number;
  /** Changes when search, filters or sort change: the list then starts again at the top. */
  resetKey: string;
  tab: LedgerTab;
  /** "Pending invitations", "Expired invitations"...: the region's name and the caption's start. */
  label: string;
  onOpen: (row: InvitationRow) => void;
  onReinvite: (row: InvitationRow) => void;
  /** Tabs with bulk actions, for those who may run them: a checkbox per row and one in the header. */
  selection?: RowSelection;
}

/**
 * A real <table> (rows findable by role "row") whose body only renders the rows in view plus an overscan:
 * spacer rows stand in for the others, and aria-rowcount / aria-rowindex tell assistive tech the full size.
 */
export const InvitationsTable = memo(function InvitationsTable(props: InvitationsTableProps) {
  const { rows, sort, dir, onSort, onCancel, pendingIds, now, resetKey, tab, label, onOpen, onReinvite } =
    props;
  const { selection } = props;
  const columns = columnsFor(tab);
  const scrollRef = useRef<HTMLDivElement>(null);
  // Phones get one column of cards (taller rows): the page itself never scrolls sideways. From md up the list
  // is a scroll box of its own under the page's header and filters; on phones it is part of the page, which
  // scrolls (one scroller on a small screen, not a box scrolling inside a scrolling page).
  const wide = useMediaQuery(WIDE_QUERY);
  const span = wide ? SPAN + (selection ? 1 : 0) : 1;
  const scrollMargin = useOffsetInPage(scrollRef, !wide);
  const margin = wide ? 0 : scrollMargin;
  // Stable between scroll frames: the virtualizer recomputes all 10,000 offsets whenever this changes.
  const getItemKey = useCallback((index: number) => rows[index]?.key ?? index, [rows]);
  // The virtualizer is mutable by design; this component is memoised by hand (memo) instead of by the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => (wide ? scrollRef.current : pageScroller()),
    estimateSize: wide ? estimateRow : estimateCard,
    getItemKey,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    scrollMargin: margin,
    overscan: 6,
  });

  // Only when scrolled: scrollTo forces a layout of the fresh rows, a few ms of every search keystroke. On
  // phones the page goes back to the list's top only when it had scrolled past it. Run on a new search,
  // filter or sort only (the layout is read from a ref).
  const layout = useRef({ wide, margin });
  useEffect(() => {
    layout.current = { wide, margin };
  });
  useEffect(() => {
    const { wide: isWide, margin: top } = layout.current;
    if (isWide) {
      if (virtualizer.scrollOffset) scrollRef.current?.scrollTo({ top: 0 });
      return;
    }
    const page = pageScroller();
    if (page && page.scrollTop > top) page.scrollTo({ top });
  }, [resetKey, virtualizer]);
  useEffect(() => {
    virtualizer.measure();
  }, [wide, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  // Item offsets count from the scroller's top: the list's own start is `margin` further down.
  const padTop = first ? first.start - margin - HEADER_HEIGHT : 0;
  const padBottom = last ? virtualizer.getTotalSize() - (last.end - margin) : 0;

  const selectAll = selection ? (
    <SelectCheckbox
      label={`Select all ${formatCount(selection.total)} matching`}
      checked={headerState(selection.count, selection.total)}
      onToggle={() => (selection.count >= selection.total ? selection.clear() : selection.selectAll())}
    />
  ) : undefined;

  return (
    <div
      ref={scrollRef}
      role="region"
      aria-label={label}
      // A scroll box must be reachable by keyboard (md+); on phones the page scrolls and the list is no box.
      tabIndex={wide ? 0 : undefined}
      className="flex-none rounded-lg border border-line bg-surface md:min-h-36 md:flex-initial md:overflow-auto"
    >
      <table
        aria-rowcount={rows.length + 1}
        className={cn("w-full table-fixed border-separate border-spacing-0", wide && TABLE_MIN_WIDTH)}
      >
        <caption className="sr-only">
          {label}, {rows.length} {rows.length === 1 ? "row" : "rows"}, sorted by {columnLabel(sort, columns)}{" "}
          {dir === "asc" ? "ascending" : "descending"}
        </caption>
        {wide ? (
          <>
            <TableColGroup columns={columns} select={!!selection} />
            <TableHead sort={{ column: sort, dir, onSort }} columns={columns} select={selectAll} />
          </>
        ) : (
          <PhoneTableHead sort={{ column: sort, dir, onSort }} columns={columns} select={selectAll} />
        )}
        <tbody>
          {padTop > 0 ? (
            <tr aria-hidden="true" style={{ height: padTop }}>
              <td colSpan={span} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const Row = wide ? InvitationRowView : InvitationCardRow;
            return (
              <Row
                key={row.key}
                row={row}
                rowIndex={item.index + 2}
                now={now}
                pending={pendingIds.has(row.invitation.id)}
                onCancel={onCancel}
                tab={tab}
                onOpen={onOpen}
                onReinvite={onReinvite}
                selected={selection ? selection.keys.has(row.key) : false}
                onSelect={selection?.toggle}
              />
            );
          })}
          {padBottom > 0 ? (
            <tr aria-hidden="true" style={{ height: padBottom }}>
              <td colSpan={span} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
});
