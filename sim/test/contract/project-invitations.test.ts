// Contract tests for project invitations (legacy, per group): every operation of this resource against the Atlas spec (contract/suites.ts).
import { resourceContract } from "./suites";

resourceContract("project-invitations");
