"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { MENU_ITEM, MenuShell } from "@/components/ui/menu-shell";
import type { LazyMenuProps } from "@/components/ui/lazy-menu-button";

/** The Export menu (./export-menu.tsx), loaded when first opened. */
export function ExportMenuItems({ csv, json, ...menu }: LazyMenuProps & { csv: string; json: string }) {
  return (
    <MenuShell {...menu} className="min-w-36">
      {/* Plain links: the browser downloads (Content-Disposition: attachment) with the session cookie. */}
      <Menu.Item asChild className={MENU_ITEM}>
        <a href={csv} download>
          CSV
        </a>
      </Menu.Item>
      <Menu.Item asChild className={MENU_ITEM}>
        <a href={json} download>
          JSON
        </a>
      </Menu.Item>
    </MenuShell>
  );
}
