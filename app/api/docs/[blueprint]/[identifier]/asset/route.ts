import { restHandler } from "@/server/api/contract/rest";
import { docsAssetOp } from "@/server/api/operations/docs";

// Declared in server/api/operations: the OpenAPI document and the contract tests read the same declaration.
export const dynamic = "force-dynamic";
export const GET = restHandler(docsAssetOp);
