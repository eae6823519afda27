// Test support: the official Atlas Admin API v2 OpenAPI spec, read at run time from
// ../shared/atlas-openapi/spec.yaml (or $ATLAS_SPEC_PATH), and a hand-written validator for its schemas.
// Never copy the spec (or code generated from it) into this project. No Vitest imports here.
//
//   const spec = loadSpec();                       // null when the file is absent: see specMissingReason()
//   validateResponse(spec, { method: "GET", pathTemplate: "/api/atlas/v2/orgs/{orgId}/invites",
//     status: 200, contentType: "application/vnd.atlas.2023-01-01+json;charset=utf-8", body })

import type { Spec } from "./openapi-load";
import { lookupResponse } from "./openapi-load";
import { validate } from "./openapi-validate";

export type {
  Components,
  Discriminator,
  MediaTypeObject,
  Operation,
  OperationVersion,
  RefSource,
  ResponseLookup,
  ResponseObject,
  SchemaObject,
  Spec,
} from "./openapi-load";
export {
  DEFAULT_SPEC_RELATIVE_PATH,
  bareMediaType,
  declaredStatuses,
  findOperation,
  loadSpec,
  lookupResponse,
  operationVersions,
  projectRoot,
  requestSchema,
  resolveRef,
  responseSchema,
  rolesRequirements,
  specLoadMillis,
  specMissingReason,
  specPath,
} from "./openapi-load";
export type { CompiledPattern } from "./openapi-formats";
export { compilePattern, isDateTime } from "./openapi-formats";
export type { Direction, ValidateOptions } from "./openapi-validate";
export { validate } from "./openapi-validate";

export interface ResponseToValidate {
  method: string;
  pathTemplate: string;
  status: number | string;
  /** The Content-Type header as sent, e.g. `application/vnd.atlas.2025-02-19+json;charset=utf-8`. */
  contentType: string;
  /** The parsed JSON body; undefined (or "" / null) for an empty body. */
  body: unknown;
}

export interface ResponseValidation {
  /** Whether the operation declares this status and media type. */
  declared: boolean;
  /** Empty when the body is valid; when undeclared, the one error says what is declared instead. */
  errors: string[];
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null || body === "";
}

export function validateResponse(spec: Spec, response: ResponseToValidate): ResponseValidation {
  const { method, pathTemplate, status, contentType, body } = response;
  const found = lookupResponse(spec, method, pathTemplate, status, contentType);
  if (!found.found) return { declared: false, errors: [found.reason] };
  if (found.schema === undefined) {
    const where = `${method.toUpperCase()} ${pathTemplate} ${status}${found.mediaType ? ` ${found.mediaType}` : ""}`;
    return {
      declared: true,
      errors: isEmptyBody(body) ? [] : [`$: ${where} declares no body, but one was sent`],
    };
  }
  return { declared: true, errors: validate(spec, found.schema, body, { direction: "response" }) };
}
