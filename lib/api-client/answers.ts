import type { z } from "zod";
import type * as Schemas from "./answer-schemas";

type SchemaName = keyof typeof Schemas;
type Answer<K extends SchemaName> = z.output<(typeof Schemas)[K]>;

/** Loads the schema of a 2xx answer (apiFetch's `schema`). */
export type AnswerSchema<T> = () => Promise<z.ZodType<T>>;

/**
 * The schema a 2xx answer is checked against, by name (./answer-schemas.ts), in development and tests (unit
 * tests and `next dev` catch a route that answers off its schema). A production build trusts the answers of its
 * own server, typed from the same schemas: the condition is decided when the page is bundled, so zod and the
 * schemas stay out of the browser's JavaScript.
 */
export function answer<K extends SchemaName>(name: K): AnswerSchema<Answer<K>> | undefined {
  if (process.env.NODE_ENV === "production") return undefined;
  return () => import("./answer-schemas").then((m) => m[name] as unknown as z.ZodType<Answer<K>>);
}
