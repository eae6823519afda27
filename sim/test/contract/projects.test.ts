// Contract tests for projects (groups): every operation of this resource against the Atlas spec (contract/suites.ts).
import { resourceContract } from "./suites";

resourceContract("projects");
