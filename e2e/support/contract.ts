// The OpenAPI contract for end-to-end specs: an answer of the running console checked against the document
// that console serves (/api/openapi.json), with the same checker as test/openapi/contract.test.ts
// (lib/openapi/contract-checker.ts). Usage:
//   const check = await loadContract(request);            // a signed-in APIRequestContext
//   const res = await request.get(`/api/orgs/${ORG_ID}/invitations`);
//   await expectContract(check, "GET", res);
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { expect } from "@playwright/test";
import type { CheckAnswer, ContractDocument } from "../../lib/openapi/contract-checker";
import { createContractChecker } from "../../lib/openapi/contract-checker";

export type { CheckAnswer } from "../../lib/openapi/contract-checker";

const checkers = new Map<string, Promise<CheckAnswer>>();

/** The checker over the document the console behind `request` serves, fetched once per worker and console. */
export function loadContract(request: APIRequestContext, base = ""): Promise<CheckAnswer> {
  let checker = checkers.get(base);
  if (!checker) {
    checker = (async () => {
      const res = await request.get(`${base}/api/openapi.json`);
      if (!res.ok()) throw new Error(`GET /api/openapi.json answered ${res.status()}: sign the request in`);
      return createContractChecker((await res.json()) as ContractDocument);
    })();
    checkers.set(base, checker);
  }
  return checker;
}

/**
 * What is wrong with `res` (the answer to `method`) against the document; empty when nothing. An answer under
 * ?envelope=true is unwrapped first: its `status` must agree with the HTTP status (a 204 travels as a 200).
 */
export async function answerProblems(
  check: CheckAnswer,
  method: string,
  res: Pick<APIResponse, "url" | "headers" | "text" | "status">,
): Promise<string[]> {
  const url = new URL(res.url());
  const type = res.headers()["content-type"] ?? null;
  const text = await res.text();
  let body: unknown = text;
  if (type?.startsWith("application/json") && text !== "") body = JSON.parse(text);
  if (url.searchParams.get("envelope") === "true" && type?.startsWith("application/json")) {
    const wrapped = body as { status?: number; content?: unknown };
    const status = wrapped.status ?? -1;
    if (res.status() !== (status === 204 ? 200 : status)) {
      return [`${method} ${url.pathname}: envelope status ${status} under HTTP ${res.status()}`];
    }
    return check(method, url.pathname, status, status === 204 ? null : type, wrapped.content ?? undefined);
  }
  return check(method, url.pathname, res.status(), type, text === "" ? undefined : body);
}

/** Fails the test, naming each problem, when `res` does not match the document. */
export async function expectContract(check: CheckAnswer, method: string, res: APIResponse): Promise<void> {
  expect(await answerProblems(check, method, res), `${method} ${res.url()}`).toEqual([]);
}
