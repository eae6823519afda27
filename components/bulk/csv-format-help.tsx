import { count } from "./bulk-text";
import { MAX_BULK_ROWS } from "@/lib/schemas/onboarding";

/** The CSV format in short (the full description is docs/bulk-csv.md), and the example file. */
export function CsvFormatHelp() {
  return (
    <details className="rounded-md border border-line px-3 py-2 text-sm">
      <summary className="cursor-pointer font-medium">CSV format</summary>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-muted">
        <li>
          One person per line, a header line first. Columns: <code>email</code> (required),{" "}
          <code>org roles</code>, <code>teams</code>, <code>project roles</code>, <code>preset</code>; other
          columns can be mapped or ignored.
        </li>
        <li>
          Several values in one cell are separated by <code>|</code>. A project role is written{" "}
          <code>project:ROLE</code>, such as <code>Analytics:GROUP_READ_ONLY</code>.
        </li>
        <li>
          Commas, semicolons or tabs separate the columns (a spreadsheet&apos;s export works as it is). A list
          of addresses, one per line, works too.
        </li>
        <li>An empty cell takes the defaults for all rows below. At most {count(MAX_BULK_ROWS)} rows.</li>
        <li>The full description is in the console&apos;s documentation (docs/bulk-csv.md).</li>
      </ul>
      <p className="mt-2">
        <a href="/bulk-invite-example.csv" download className="font-medium underline underline-offset-2">
          Download an example CSV
        </a>
      </p>
    </details>
  );
}
