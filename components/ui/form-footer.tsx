import type { ReactNode } from "react";
import { Button } from "./button";
import { DialogClose, DialogFooter } from "./dialog";

/**
 * The footer of a form in a dialog: Close (or Cancel), any other actions, then the submit button, which shows
 * the pending state. `submit` replaces the standard submit button; `closeLabel={null}` leaves Close out.
 */
export function FormFooter({
  submitLabel,
  submit,
  pending = false,
  danger = false,
  closeLabel = "Close",
  closeDisabled = false,
  start,
  children,
}: {
  submitLabel?: ReactNode;
  submit?: ReactNode;
  pending?: boolean;
  danger?: boolean;
  closeLabel?: string | null;
  /** Set while a submission is in flight where closing would abandon it. */
  closeDisabled?: boolean;
  /** Before Close (a summary of the form). */
  start?: ReactNode;
  /** Between Close and submit (a second way to submit). */
  children?: ReactNode;
}) {
  return (
    <DialogFooter>
      {start}
      {closeLabel === null ? null : (
        <DialogClose asChild>
          <Button disabled={closeDisabled}>{closeLabel}</Button>
        </DialogClose>
      )}
      {children}
      {submit ?? (
        <Button type="submit" variant={danger ? "danger" : "primary"} pending={pending}>
          {submitLabel}
        </Button>
      )}
    </DialogFooter>
  );
}
