// The logic of a searchable single-choice combobox (components/ui/search-combobox.tsx), kept apart from React so
// that it is unit-tested: which options a typed text shows, in which order, and where the arrow keys go.

export interface ComboOption {
  value: string;
  label: string;
  /** A second line (the connection that serves an org, say); searched too. */
  detail?: string;
}

/** Lower-case, without accents: "Énergie" is found by "energie". */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

const ID_MIN = 8;

/**
 * The options matching `query`, best first: the label starts with it, then a word of the label starts with it,
 * then the label contains it anywhere, then the detail contains it or the value does (an org id pasted: 8
 * characters or more, so that "004" does not find every id with "004" in it). Every word
 * of the query must match ("pay 01" finds "Payments 001"). Within a rank the options keep their order. At most
 * `limit` are returned; `total` says how many matched.
 */
export function filterOptions(
  options: readonly ComboOption[],
  query: string,
  limit = 50,
): { shown: ComboOption[]; total: number } {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return { shown: options.slice(0, limit), total: options.length };
  const ranked: { option: ComboOption; rank: number; index: number }[] = [];
  options.forEach((option, index) => {
    const label = fold(option.label);
    const detail = fold(option.detail ?? "");
    const value = fold(option.value);
    let worst = 0;
    for (const w of words) {
      const rank = label.startsWith(w)
        ? 0
        : label.split(/[\s\-_./]+/).some((part) => part.startsWith(w))
          ? 1
          : label.includes(w)
            ? 2
            : detail.includes(w) || (w.length >= ID_MIN && value.includes(w))
              ? 3
              : -1;
      if (rank < 0) return;
      worst = Math.max(worst, rank);
    }
    ranked.push({ option, rank: worst, index });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return { shown: ranked.slice(0, limit).map((r) => r.option), total: ranked.length };
}

export type ComboKey = "ArrowDown" | "ArrowUp" | "Home" | "End" | "PageDown" | "PageUp";

/** The active option after a key, among `count` shown ones (-1: none active). Arrows wrap; pages move 10. */
export function moveActive(active: number, key: ComboKey, count: number): number {
  if (count === 0) return -1;
  switch (key) {
    case "ArrowDown":
      return active < 0 || active >= count - 1 ? 0 : active + 1;
    case "ArrowUp":
      return active <= 0 ? count - 1 : active - 1;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    case "PageDown":
      return Math.min(count - 1, Math.max(active, 0) + 10);
    case "PageUp":
      return Math.max(0, active - 10);
  }
}

/** From this many options on a choice among orgs is a search, not a menu. */
export const SEARCH_FROM = 12;
