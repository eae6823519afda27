import type { RateLimiter } from "./ratelimit";
import type { RoleRequirement } from "./roles";
import type { EndpointSetName } from "./seed-types";
import type { ServiceAccount, SimState } from "./state";
import type { ResourceVersion } from "./versions";

export interface OpContext {
  method: string;
  /** Normalised path, e.g. /api/atlas/v2/orgs/5f10…/invites */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  sa: ServiceAccount;
  version: ResourceVersion;
  now: number;
  /** http://host:port of the simulator as the client reached it, for links. */
  baseUrl: string;
  /** The caller's address as the simulator saw it (IPv4-mapped IPv6 written as IPv4). */
  clientIp: string;
  state: SimState;
  rateLimits: RateLimiter;
}

export interface OpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Scope = "org" | "group" | "caller";

export interface Operation {
  operationId: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Path template exactly as in the spec. */
  template: string;
  versions: ResourceVersion[];
  roles: RoleRequirement;
  endpointSet: EndpointSetName;
  scope: Scope;
  /** Paginated list (envelope=true adds `status` to the page object instead of wrapping it). */
  paginated?: boolean;
  handler: (ctx: OpContext) => OpResult;
}

export interface RouteMatch {
  op: Operation;
  params: Record<string, string>;
}

function matchTemplate(template: string, path: string): Record<string, string> | null {
  const t = template.split("/");
  const p = path.split("/");
  if (t.length !== p.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i]!;
    const val = p[i]!;
    // A custom method after a path parameter, as the spec writes it: "{teamId}:addUser".
    const custom = /^\{(\w+)\}(:\w+)$/.exec(seg);
    if (custom) {
      const suffix = custom[2]!;
      if (!val.endsWith(suffix) || val.length === suffix.length) return null;
      params[custom[1]!] = decodeURIComponent(val.slice(0, -suffix.length));
    } else if (seg.startsWith("{") && seg.endsWith("}")) {
      if (!val) return null;
      params[seg.slice(1, -1)] = decodeURIComponent(val);
    } else if (seg !== val) {
      return null;
    }
  }
  return params;
}

export class Router {
  constructor(readonly operations: Operation[]) {}

  /** The operation for a method and path; `pathKnown` tells a 405 from a 404. */
  match(method: string, path: string): { found?: RouteMatch; pathKnown: boolean } {
    let pathKnown = false;
    for (const op of this.operations) {
      let params: Record<string, string> | null;
      try {
        params = matchTemplate(op.template, path);
      } catch {
        params = null; // malformed percent-encoding
      }
      if (!params) continue;
      pathKnown = true;
      if (op.method === method) return { found: { op, params }, pathKnown };
    }
    return { pathKnown };
  }
}
