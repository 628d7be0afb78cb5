import { restHandler } from "@/server/api/contract/rest";
import { deleteEntityOp, getEntityOp, patchEntityOp, putEntityOp } from "@/server/api/operations/catalog";

// Declared in server/api/operations: the OpenAPI document and the contract tests read the same declaration.
export const dynamic = "force-dynamic";
export const GET = restHandler(getEntityOp);
export const PUT = restHandler(putEntityOp);
export const PATCH = restHandler(patchEntityOp);
export const DELETE = restHandler(deleteEntityOp);
