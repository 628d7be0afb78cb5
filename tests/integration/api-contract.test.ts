import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openApiDocument } from "@/server/api/contract/openapi";
import { defineOperation, reads } from "@/server/api/contract/operation";
import { allOperations } from "@/server/api/operations";
import { parseQuery } from "@/server/catalog/query";
import { appRouter } from "@/server/trpc/root";
import { checkResponse } from "../support/response-contract";
import { rest as restMatrix, restRoutes } from "../support/surface";
import { protocolRoutes } from "../support/surface-matrix";

// Issue 19: one definition per operation. The route files, the OpenAPI document, the authorization
// matrix and the tRPC inputs are held against the operation declarations here; every answer the other
// integration tests receive is held against the declared responses (tests/support/response-contract.ts).

type Document = { paths: Record<string, Record<string, { operationId: string; parameters: { name: string; in: string }[]; responses: Record<string, { content?: Record<string, { schema: object }> }> }>>; components: { schemas: Record<string, object> } };
const document = openApiDocument() as Document;

const documented = () =>
  Object.entries(document.paths)
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, "[$1]")}`))
    .sort();

describe("the API contract", () => {
  it("documents every route under app/api, and every documented operation is a route", async () => {
    const routes = [...(await restRoutes()).keys()].filter((k) => !protocolRoutes.has(k)).sort();
    expect(routes.length).toBeGreaterThan(30);
    expect(documented()).toEqual(routes);
  });

  it("the authorization matrix and the fuzz tests cover exactly the documented operations", () => {
    expect(Object.keys(restMatrix).filter((k) => !protocolRoutes.has(k)).sort()).toEqual(documented());
  });

  it("declares each operation once, with a unique id and the path's parameters", () => {
    const ops = allOperations();
    expect(new Set(ops.map((op) => op.id)).size).toBe(ops.length);
    expect(new Set(ops.map((op) => `${op.method} ${op.path}`)).size).toBe(ops.length);
    for (const op of ops) {
      const inPath = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect([op.id, Object.keys(op.params?.shape ?? {}).sort()]).toEqual([op.id, inPath]);
      expect([op.id, op.summary.length > 0, Object.keys(op.responses).length > 0]).toEqual([op.id, true, true]);
      // What an assistant is told about an operation matches what it does.
      if (op.method === "GET") expect([op.id, op.effect.readOnly]).toEqual([op.id, true]);
      else expect([op.id, op.effect.readOnly]).toEqual([op.id, false]);
    }
  });

  it("generates a document whose every schema is valid JSON Schema 2020-12", () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: "portico", components: document.components }, "portico");
    const rebase = (schema: object) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"portico#/components/')) as object;
    let compiled = 0;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(op.responses)) {
          for (const media of Object.values(response.content ?? {})) {
            expect(() => ajv.compile(rebase(media.schema)), `${method} ${path} ${status}`).not.toThrow();
            compiled++;
          }
        }
      }
    }
    expect(compiled).toBeGreaterThan(100);
    // And they say something: the Entity schema refuses an entity without its blueprint or with a numeric title.
    const entity = ajv.compile(rebase({ $ref: "#/components/schemas/Entity" }));
    const stored = { identifier: "a", title: null, blueprint: "service", team: [], properties: {}, relations: {}, createdAt: "2026-12-02T10:00:00.000Z", createdBy: "x", updatedAt: "2026-12-02T10:00:00.000Z", updatedBy: "x" };
    expect(entity(stored)).toBe(true);
    expect(entity({ ...stored, blueprint: undefined })).toBe(false);
    expect(entity({ ...stored, title: 1 })).toBe(false);
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(["Entity", "Blueprint", "Scorecard", "Action", "Run", "Deployment", "AuditEvent", "ImportReport", "Error"]));
  });

  it("the examples the document shows are valid requests", () => {
    const checked: string[] = [];
    for (const op of allOperations()) {
      const parts: [string, z.ZodType | undefined][] = [["body", op.body?.schema], ...Object.entries(op.query?.shape ?? {}).map(([k, v]) => [`query ${k}`, v] as [string, z.ZodType])];
      for (const [where, schema] of parts) {
        for (const example of (schema && (z.globalRegistry.get(schema)?.examples as unknown[] | undefined)) ?? []) {
          expect([op.id, where, schema!.safeParse(example).success]).toEqual([op.id, where, true]);
          if (where === "query query") expect(() => parseQuery(example)).not.toThrow();
          checked.push(`${op.id} ${where}`);
        }
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(6);
  });

  it("the response check fails an answer that differs from its declaration", async () => {
    const op = defineOperation({
      id: "test.shape",
      method: "GET",
      path: "/api/test/{id}",
      tag: "Test",
      summary: "A test",
      auth: "token",
      role: "member",
      effect: reads,
      params: z.object({ id: z.string() }),
      responses: { 200: { description: "OK", schema: z.strictObject({ id: z.string() }) } },
      handle: async () => ({}),
    });
    expect(await checkResponse(op, Response.json({ id: "x" }))).toBeNull();
    expect(await checkResponse(op, Response.json({ id: "x", extra: 1 }))).toMatch(/does not match the declared schema/);
    expect(await checkResponse(op, Response.json({ id: 1 }))).toMatch(/\/id/);
    expect(await checkResponse(op, Response.json({ id: "x" }, { status: 201 }))).toMatch(/status is not declared/);
    expect(await checkResponse(op, Response.json({ error: { code: "NOT_FOUND", message: "x" } }, { status: 404 }))).toBeNull();
    expect(await checkResponse(op, Response.json({ message: "not found" }, { status: 404 }))).toMatch(/does not match/);
    expect(await checkResponse(op, Response.json({ error: { code: "CONFLICT", message: "x" } }, { status: 409 }))).toMatch(/status is not declared/);
  });

  it("every tRPC procedure declares its input: none takes a value of any shape", () => {
    const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { inputs: z.ZodType[] } }> } })._def.procedures;
    // A value of any shape: z.unknown() or z.any(), also behind optional, nullable or a default.
    const anyShape = (schema: z.ZodType): boolean => {
      const def = schema._zod.def as { type: string; innerType?: z.ZodType };
      if (def.type === "unknown" || def.type === "any") return true;
      return ["optional", "nullable", "default", "prefault"].includes(def.type) && def.innerType ? anyShape(def.innerType) : false;
    };
    const untyped: string[] = [];
    for (const [path, procedure] of Object.entries(procedures)) {
      for (const input of procedure._def.inputs) {
        if (anyShape(input)) untyped.push(path);
        const shape = (input as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
        for (const [name, property] of Object.entries(shape)) if (anyShape(property)) untyped.push(`${path}.${name}`);
      }
    }
    expect(untyped).toEqual([]);
  });
});
