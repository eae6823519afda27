import { isPlainObject } from "./util";

/** A fault for the next matching calls (`POST /__sim/faults`). */
export interface Fault {
  id: number;
  method?: string;
  /** Exact path, or a pattern with `*` (any characters). Query strings are ignored. */
  path?: string;
  status?: number;
  errorCode?: string;
  retryAfter?: number;
  delayMs?: number;
  drop?: boolean;
  /** The call is processed as usual first; only its answer is replaced (a change Atlas made but never confirmed). */
  afterProcessing?: boolean;
  /** How many calls it affects (default 1). */
  times: number;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

export class FaultList {
  private faults: Fault[] = [];
  private nextId = 1;
  injected = 0;

  /** Validates and adds a fault; returns an error message for a bad one. */
  add(input: unknown): Fault | string {
    if (!isPlainObject(input)) return "body must be a JSON object";
    const { method, path, status, errorCode, retryAfter, delayMs, drop, times, afterProcessing } = input;
    if (method !== undefined && typeof method !== "string") return "method must be a string";
    if (path !== undefined && typeof path !== "string") return "path must be a string";
    if (
      status !== undefined &&
      (!Number.isInteger(status) || (status as number) < 100 || (status as number) > 599)
    ) {
      return "status must be an HTTP status code";
    }
    if (errorCode !== undefined && typeof errorCode !== "string") return "errorCode must be a string";
    if (retryAfter !== undefined && (!Number.isInteger(retryAfter) || (retryAfter as number) < 0)) {
      return "retryAfter must be a non-negative integer (seconds)";
    }
    if (
      delayMs !== undefined &&
      (!Number.isInteger(delayMs) || (delayMs as number) < 0 || (delayMs as number) > 600_000)
    ) {
      return "delayMs must be an integer from 0 to 600000";
    }
    if (drop !== undefined && typeof drop !== "boolean") return "drop must be a boolean";
    if (afterProcessing !== undefined && typeof afterProcessing !== "boolean") {
      return "afterProcessing must be a boolean";
    }
    if (times !== undefined && (!Number.isInteger(times) || (times as number) < 1))
      return "times must be a positive integer";
    if (status === undefined && !drop && delayMs === undefined)
      return "a fault needs status, drop or delayMs";
    const fault: Fault = {
      id: this.nextId++,
      ...(method ? { method: method.toUpperCase() } : {}),
      ...(path ? { path } : {}),
      ...(status !== undefined ? { status: status as number } : {}),
      ...(errorCode ? { errorCode } : {}),
      ...(retryAfter !== undefined ? { retryAfter: retryAfter as number } : {}),
      ...(delayMs !== undefined ? { delayMs: delayMs as number } : {}),
      ...(drop ? { drop: true } : {}),
      ...(afterProcessing ? { afterProcessing: true } : {}),
      times: (times as number | undefined) ?? 1,
    };
    this.faults.push(fault);
    return fault;
  }

  /** The first fault matching this call, counted as used. */
  take(method: string, path: string): Fault | undefined {
    const i = this.faults.findIndex(
      (f) => (!f.method || f.method === method) && (!f.path || globToRegExp(f.path).test(path)),
    );
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(i, 1);
    this.injected++;
    return fault;
  }

  list(): Fault[] {
    return [...this.faults];
  }

  clear(): void {
    this.faults = [];
  }
}
