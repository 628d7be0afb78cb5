import { restHandler } from "@/server/api/contract/rest";
import { deleteCampaignOp, getCampaignOp, putCampaignOp } from "@/server/api/operations/campaigns";

// Declared in server/api/operations: the OpenAPI document and the contract tests read the same declaration.
export const dynamic = "force-dynamic";
export const GET = restHandler(getCampaignOp);
export const PUT = restHandler(putCampaignOp);
export const DELETE = restHandler(deleteCampaignOp);
