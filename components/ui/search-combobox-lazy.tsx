"use client";

import { lazy } from "react";

/**
 * The searchable combobox (components/ui/search-combobox.tsx), loaded only when a list long enough to need it
 * arrives (200 orgs of a company with one per business unit): the usual short lists keep a native select and add
 * nothing to the first load. Render it inside a Suspense whose fallback is that select.
 */
export const LazySearchCombobox = lazy(() =>
  import("./search-combobox").then((m) => ({ default: m.SearchCombobox })),
);
