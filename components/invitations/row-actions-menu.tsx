"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { cn } from "@/components/ui/cn";
import { MENU_ITEM, MenuShell } from "@/components/ui/menu-shell";
import type { LazyMenuProps } from "@/components/ui/lazy-menu-button";

const ITEM = cn(MENU_ITEM, "data-[disabled]:cursor-not-allowed data-[disabled]:text-muted");

/** A menu item's label and, when it is disabled, why: in the item, since a title reaches neither touch nor keyboard. */
function ItemText({ label, reason }: { label: string; reason: string | null }) {
  return (
    <span className="flex max-w-64 flex-col">
      {label}
      {reason ? <span className="text-xs text-muted">{reason}</span> : null}
    </span>
  );
}

/** The row's "More actions" menu (./row-actions.tsx), loaded when first opened. */
export function RowActionsMenu({
  editReason,
  renewReason,
  renewing,
  onEdit,
  onRenew,
  ...menu
}: LazyMenuProps & {
  editReason: string | null;
  renewReason: string | null;
  renewing: boolean;
  onEdit: () => void;
  onRenew: () => void;
}) {
  return (
    <MenuShell {...menu} className="min-w-44">
      <Menu.Item className={ITEM} disabled={editReason !== null} onSelect={onEdit}>
        <ItemText label="Edit roles and teams…" reason={editReason} />
      </Menu.Item>
      <Menu.Item className={ITEM} disabled={renewReason !== null || renewing} onSelect={onRenew}>
        <ItemText label="Renew (new 30 days)…" reason={renewReason} />
      </Menu.Item>
    </MenuShell>
  );
}
