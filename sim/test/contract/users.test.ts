// Contract tests for organization users (users API) and createUser: every operation of this resource against the Atlas spec (contract/suites.ts).
import { resourceContract } from "./suites";

resourceContract("users");
