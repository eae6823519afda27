"use client";

import { useState } from "react";

/**
 * False until `open` is first true, then true for good. A dialog loaded on demand (next/dynamic) is rendered
 * from its first opening on, so its code is not part of the page's first load; once rendered it stays mounted,
 * keeping what was typed in it and the outcome of a request still running when it closed.
 */
export function useOpenedOnce(open: boolean): boolean {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened || open;
}
