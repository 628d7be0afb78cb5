import { restHandler } from "@/server/api/contract/rest";
import { insightsOp } from "@/server/api/operations/insights";

// Declared in server/api/operations: the OpenAPI document and the contract tests read the same declaration.
export const dynamic = "force-dynamic";
export const GET = restHandler(insightsOp);
