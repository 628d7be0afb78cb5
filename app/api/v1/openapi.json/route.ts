import { restHandler } from "@/server/api/contract/rest";
import { openApiOp } from "@/server/api/operations/meta";

// Declared in server/api/operations: the OpenAPI document and the contract tests read the same declaration.
export const dynamic = "force-dynamic";
export const GET = restHandler(openApiOp);
