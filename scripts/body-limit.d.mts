import type { IncomingMessage, ServerResponse } from "node:http";

export declare const MAX_BODY_BYTES: number;
export declare const LINGER_MS: number;
export declare function limitBody(
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
  limits?: { maxBytes?: number; lingerMs?: number },
): void;
export declare function earlyError(
  url: string | undefined,
  status: number,
  code: string,
  message: string,
): { body: string; contentType: string };
