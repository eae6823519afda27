"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import type { ComponentProps } from "react";

const ITEM =
  "flex cursor-default items-center rounded px-2 py-1.5 text-sm outline-none select-none " +
  "data-[disabled]:cursor-not-allowed data-[disabled]:text-muted data-[highlighted]:bg-subtle";

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
export function RowActionsMenu(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger: ComponentProps<"button">;
  editReason: string | null;
  renewReason: string | null;
  renewing: boolean;
  onEdit: () => void;
  onRenew: () => void;
}) {
  return (
    <Menu.Root modal={false} open={props.open} onOpenChange={props.onOpenChange}>
      <Menu.Trigger {...props.trigger} />
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-44 rounded-md border border-line bg-surface p-1 text-fg shadow-lg"
        >
          <Menu.Item className={ITEM} disabled={props.editReason !== null} onSelect={props.onEdit}>
            <ItemText label="Edit roles and teams…" reason={props.editReason} />
          </Menu.Item>
          <Menu.Item
            className={ITEM}
            disabled={props.renewReason !== null || props.renewing}
            onSelect={props.onRenew}
          >
            <ItemText label="Renew (new 30 days)…" reason={props.renewReason} />
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
