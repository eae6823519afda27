// Contract tests for listRateLimits, getRateLimit: every operation of this resource against the Atlas spec (contract/suites.ts).
import { resourceContract } from "./suites";

resourceContract("rate-limits");
