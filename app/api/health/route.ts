import { restHandler } from "@/server/api/contract/rest";
import { livenessOp } from "@/server/api/operations/platform";

// Declared in server/api/operations: the OpenAPI document and the contract tests read the same declaration.
export const dynamic = "force-dynamic";
export const GET = restHandler(livenessOp);
