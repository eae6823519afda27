// Contract tests for teams and their members: every operation of this resource against the Atlas spec (contract/suites.ts).
import { resourceContract } from "./suites";

resourceContract("teams");
