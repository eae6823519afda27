/** An empty cell: a dash on screen, "None" to a screen reader (which would read the dash as nothing useful). */
export function None() {
  return (
    <>
      <span aria-hidden="true" className="text-muted">
        —
      </span>
      <span className="sr-only">None</span>
    </>
  );
}
