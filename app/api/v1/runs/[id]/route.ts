import { restHandler } from "@/server/api/contract/rest";
import { getRunOp, patchRunOp } from "@/server/api/operations/actions";

// Declared in server/api/operations: the OpenAPI document and the contract tests read the same declaration.
export const dynamic = "force-dynamic";
export const GET = restHandler(getRunOp);
export const PATCH = restHandler(patchRunOp);
