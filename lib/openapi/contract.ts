import type { CheckAnswer } from "./contract-checker";
import { createContractChecker } from "./contract-checker";
import { openApiDocument } from "./document";

// Test-only (test/openapi/contract.test.ts): the contract checker over the document this process builds, the
// same one GET /api/openapi.json serves. App code never imports this file.

export type { CheckAnswer } from "./contract-checker";

let checker: CheckAnswer | undefined;

/**
 * The problems with one answer against the OpenAPI document: the operation is found by matching `pathname`
 * against the document's path templates, the body is validated against the documented schema of `status` and
 * `contentType`. Empty when it matches.
 */
export function checkAnswer(
  method: string,
  pathname: string,
  status: number,
  contentType: string | null,
  body: unknown,
): string[] {
  checker ??= createContractChecker(openApiDocument());
  return checker(method, pathname, status, contentType, body);
}
