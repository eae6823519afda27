"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import type { ComponentProps } from "react";

const ITEM =
  "flex cursor-default items-center rounded px-2 py-1.5 text-sm outline-none select-none data-[highlighted]:bg-subtle";

/** The Export menu (./export-menu.tsx), loaded when first opened. */
export function ExportMenuItems(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger: ComponentProps<"button">;
  csv: string;
  json: string;
}) {
  return (
    <Menu.Root modal={false} open={props.open} onOpenChange={props.onOpenChange}>
      <Menu.Trigger {...props.trigger} />
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-36 rounded-md border border-line bg-surface p-1 text-fg shadow-lg"
        >
          {/* Plain links: the browser downloads (Content-Disposition: attachment) with the session cookie. */}
          <Menu.Item asChild className={ITEM}>
            <a href={props.csv} download>
              CSV
            </a>
          </Menu.Item>
          <Menu.Item asChild className={ITEM}>
            <a href={props.json} download>
              JSON
            </a>
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
