import {
  LIST_STREAM_ERROR_BRAND,
  mergeListChunk,
  ndjsonLines,
  parseListLine,
  type StreamedList,
} from "@/lib/invitations/list-stream";
import { ApiError } from "../errors";
import { toApiError } from "../fetcher";

const unexpected = () =>
  new ApiError({
    status: 200,
    code: "internal",
    message: "The console answered something unexpected. Reload the page.",
  });

const cut = () =>
  new ApiError({
    status: 0,
    code: "internal",
    message: "The list stopped loading before its end (the connection was lost). Try again.",
  });

const isStreamError = (e: unknown) =>
  typeof e === "object" && e !== null && (e as { brand?: unknown }).brand === LIST_STREAM_ERROR_BRAND;
const isApiError = (e: unknown) =>
  typeof e === "object" && e !== null && (e as { name?: unknown }).name === "ApiError";

/** A new task: what was queued meanwhile (the query's notification, React's render, a frame) runs first. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Longest stretch of lines read in one task after the first page (ms). */
const TASK_BUDGET_MS = 50;

/**
 * The pending list as it streams (lib/invitations/list-stream.ts): each page merged into the rows before it,
 * yielded once there is a row to show, then the whole list after the "end" line. A failure line, a cut
 * connection or a count that does not match throw an ApiError: an incomplete list never ends as complete.
 *
 * The body's lines that arrived before the page was ready to read them (the preload starts at the HTML) are
 * all there at once, and reading them is only microtasks: without a break the page rendered nothing until the
 * last of them was parsed (10,000 invitations: the first row shown with 9,500 of them, just before the whole
 * list). So after the first page, and then every TASK_BUDGET_MS, the reader waits for a new task.
 */
export async function* readPendingList(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamedList> {
  let list: StreamedList | undefined;
  let shown = false;
  let since = 0;
  try {
    for await (const line of ndjsonLines(body)) {
      const chunk = parseListLine(line);
      if (chunk.kind === "error") throw toApiError(chunk.status, chunk.envelope);
      list = mergeListChunk(list, chunk);
      if (chunk.kind === "end") {
        yield list;
        return;
      }
      if (list.invitations.length === 0) continue;
      yield list;
      if (!shown || performance.now() - since > TASK_BUDGET_MS) {
        shown = true;
        await nextTask();
        since = performance.now();
      }
    }
  } catch (e) {
    if (isStreamError(e)) throw unexpected();
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    if (isApiError(e)) throw e;
    throw cut();
  }
  throw cut();
}
