/** The Atlas error body: {detail, error, errorCode, parameters, reason} (+ badRequestDetail for field errors). */
export interface ApiErrorBody {
  detail: string;
  error: number;
  errorCode: string;
  parameters: unknown[];
  reason: string;
  badRequestDetail?: { fields: { field: string; description: string }[] };
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  410: "Gone",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? "Error";
}

/** Thrown by handlers; the server turns it into an Atlas error response. */
export class AtlasHttpError extends Error {
  readonly headers: Record<string, string>;
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly detail: string,
    readonly parameters: unknown[] = [],
    readonly fields?: { field: string; description: string }[],
    headers: Record<string, string> = {},
  ) {
    super(detail);
    this.headers = headers;
  }

  body(): ApiErrorBody {
    const body: ApiErrorBody = {
      detail: this.detail,
      error: this.status,
      errorCode: this.errorCode,
      parameters: this.parameters,
      reason: reasonPhrase(this.status),
    };
    if (this.fields?.length) body.badRequestDetail = { fields: this.fields };
    return body;
  }
}

export const err = {
  invalidId(kind: "ORG" | "GROUP" | "TEAM" | "USER" | "INVITATION", value: string) {
    const noun = {
      ORG: "organization",
      GROUP: "group",
      TEAM: "team",
      USER: "user",
      INVITATION: "invitation",
    }[kind];
    return new AtlasHttpError(400, `INVALID_${kind}_ID`, `An invalid ${noun} ID ${value} was specified.`, [
      value,
    ]);
  },
  orgNotFound: (id: string) =>
    new AtlasHttpError(404, "ORG_NOT_FOUND", `No organization with ID ${id} exists.`, [id]),
  groupNotFound: (id: string) =>
    new AtlasHttpError(404, "GROUP_NOT_FOUND", `No group with ID ${id} exists.`, [id]),
  teamNotFound: (id: string, orgId: string) =>
    new AtlasHttpError(404, "TEAM_NOT_FOUND", `Team ${id} not found in organization ${orgId}.`, [id, orgId]),
  userNotFound: (id: string) =>
    new AtlasHttpError(404, "USER_NOT_FOUND", `No user with ID ${id} exists.`, [id]),
  invitationNotFound: (id: string) =>
    new AtlasHttpError(404, "INVITATION_NOT_FOUND", `No invitation with ID ${id} exists.`, [id]),
  invitationForUsernameNotFound: (username: string) =>
    new AtlasHttpError(
      404,
      "INVITATION_NOT_FOUND",
      `No pending invitation for username ${username} exists.`,
      [username],
    ),
  missingAttribute: (field: string) =>
    new AtlasHttpError(
      400,
      "MISSING_ATTRIBUTE",
      `The required attribute ${field} was not specified.`,
      [field],
      [{ field, description: "must be specified" }],
    ),
  invalidAttribute: (field: string, description: string) =>
    new AtlasHttpError(
      400,
      "INVALID_ATTRIBUTE",
      `Invalid attribute ${field} specified.`,
      [field],
      [{ field, description }],
    ),
  invalidEnum: (field: string, value: string) =>
    new AtlasHttpError(
      400,
      "INVALID_ENUM_VALUE",
      `An invalid enumeration value ${value} was specified.`,
      [value],
      [{ field, description: `${value} is not a valid value` }],
    ),
  invalidEmail: (field: string, value: string) =>
    new AtlasHttpError(
      400,
      "INVALID_EMAIL_ADDRESS",
      `Invalid email address ${value}.`,
      [value],
      [{ field, description: "must be a valid email address" }],
    ),
  invalidJson: () => new AtlasHttpError(400, "INVALID_JSON", "Received JSON is malformed."),
};
