"use client";

import * as DialogPrimitive from "@radix-ui/react-dialog";
import { useRef, type ComponentProps, type ReactNode } from "react";
import { cn } from "./cn";
import { XIcon } from "./icons";

export const Dialog = DialogPrimitive.Root;
export const DialogClose = DialogPrimitive.Close;

interface DialogContentProps extends Omit<ComponentProps<typeof DialogPrimitive.Content>, "title"> {
  title: ReactNode;
  description?: ReactNode;
  /** Hides the corner close button (e.g. while a confirmed action is pending). */
  closeDisabled?: boolean;
  size?: "sm" | "lg";
  /** Where focus goes on close when the element that opened the dialog has left the page meanwhile. */
  returnFocusFallback?: () => HTMLElement | null | undefined;
}

/**
 * Radix traps focus and closes on Esc. Radix returns focus only to a <Dialog.Trigger>; these dialogs are opened
 * from anywhere (a row, an empty state), so this remembers the opener and returns focus to it, or to a fallback.
 */
export function DialogContent({
  title,
  description,
  closeDisabled = false,
  size = "sm",
  returnFocusFallback,
  className,
  children,
  onOpenAutoFocus,
  onCloseAutoFocus,
  ...props
}: DialogContentProps) {
  const opener = useRef<HTMLElement | null>(null);
  return (
    <DialogPrimitive.Portal>
      {/* Centred by the overlay's grid, not by a transform: popovers inside position against the viewport. */}
      <DialogPrimitive.Overlay className="fixed inset-0 z-40 grid place-items-center overflow-y-auto bg-black/45 p-4 dark:bg-black/65">
        <DialogPrimitive.Content
          {...(description ? {} : { "aria-describedby": undefined })}
          {...props}
          onOpenAutoFocus={(e) => {
            // Focus has not moved into the dialog yet: the active element is what opened it.
            opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
            onOpenAutoFocus?.(e);
          }}
          onCloseAutoFocus={(e) => {
            onCloseAutoFocus?.(e);
            if (e.defaultPrevented) return;
            e.preventDefault();
            const target = opener.current?.isConnected ? opener.current : returnFocusFallback?.();
            target?.focus();
          }}
          className={cn(
            "relative flex max-h-[calc(100dvh-2rem)] w-full min-w-0 flex-col",
            "rounded-lg border border-line bg-surface text-fg shadow-2xl focus:outline-none",
            size === "lg" ? "max-w-2xl" : "max-w-md",
            className,
          )}
        >
          <div className="flex items-start gap-3 border-b border-line px-5 py-4">
            <div className="min-w-0 flex-1">
              <DialogPrimitive.Title className="text-base font-semibold break-words">
                {title}
              </DialogPrimitive.Title>
              {description ? (
                <DialogPrimitive.Description className="mt-1 text-sm text-muted">
                  {description}
                </DialogPrimitive.Description>
              ) : null}
            </div>
            <DialogPrimitive.Close
              disabled={closeDisabled}
              aria-label="Close"
              className="-m-1 rounded p-1 text-muted hover:bg-subtle hover:text-fg disabled:opacity-40"
            >
              <XIcon />
            </DialogPrimitive.Close>
          </div>
          {children}
        </DialogPrimitive.Content>
      </DialogPrimitive.Overlay>
    </DialogPrimitive.Portal>
  );
}

export function DialogBody({ className, children }: { className?: string; children: ReactNode }) {
  return <div className={cn("min-h-0 flex-1 overflow-y-auto px-5 py-4", className)}>{children}</div>;
}

export function DialogFooter({ className, children }: { className?: string; children: ReactNode }) {
  return (
    <div
      className={cn(
        "flex flex-wrap items-center justify-end gap-2 border-t border-line bg-canvas/60 px-5 py-3",
        className,
      )}
    >
      {children}
    </div>
  );
}
