import { z } from "zod";
import { openApiDocument } from "../contract/openapi";
import { defineOperation, reads } from "../contract/operation";

export const openApiOp = defineOperation({
  id: "api.describe",
  method: "GET",
  path: "/api/v1/openapi.json",
  tag: "Health",
  summary: "This document",
  description: "The OpenAPI 3.1 description of this API, generated from the operations' declarations.",
  auth: "none",
  role: "member",
  effect: reads,
  responses: { 200: { description: "OpenAPI 3.1", schema: z.looseObject({ openapi: z.literal("3.1.0") }) } },
  handle: async () => ({ body: openApiDocument() }),
});
