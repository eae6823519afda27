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

/**
 * The pending list as it streams (lib/invitations/list-stream.ts): each page merged into the rows before it,
 * yielded once there is a row to show, then the whole list after the "end" line. A failure line, a cut
 * connection or a count that does not match throw an ApiError: an incomplete list never ends as complete.
 */
export async function* readPendingList(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamedList> {
  let list: StreamedList | undefined;
  try {
    for await (const line of ndjsonLines(body)) {
      const chunk = parseListLine(line);
      if (chunk.kind === "error") throw toApiError(chunk.status, chunk.envelope);
      list = mergeListChunk(list, chunk);
      if (chunk.kind === "end") {
        yield list;
        return;
      }
      if (list.invitations.length > 0) yield list;
    }
  } catch (e) {
    if (isStreamError(e)) throw unexpected();
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    if (isApiError(e)) throw e;
    throw cut();
  }
  throw cut();
}
