import { restHandler } from "@/server/api/contract/rest";
import { importPortBlueprintsOp } from "@/server/api/operations/imports";

// Declared in server/api/operations: the OpenAPI document and the contract tests read the same declaration.
export const dynamic = "force-dynamic";
export const POST = restHandler(importPortBlueprintsOp);
