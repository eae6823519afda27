// Contract tests for organization invitations (legacy invitations API): every operation of this resource against the Atlas spec (contract/suites.ts).
import { resourceContract } from "./suites";

resourceContract("invitations");
