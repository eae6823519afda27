import "server-only";
import pino from "pino";
import { logLevel } from "./env";

// Logs never carry headers, bodies or secrets: callers pass ids and codes only.
export const logger = pino({
  level: logLevel(),
  redact: {
    paths: ["*.authorization", "*.clientSecret", "*.secret", "*.token", "*.password"],
    censor: "[redacted]",
  },
});
