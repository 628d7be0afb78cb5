import { expect, test } from "@playwright/test";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { protocolRoutes, rest as restMatrix, restRequestParts } from "../support/surface-matrix";
import { ADMIN_TOKEN, portalForThisFile, type HttpWorld } from "./http-world";

// Issue 19: the OpenAPI document the production build serves, held against what the same build answers.
// Its own portal: every operation runs once, deletions included, on the world the matrix describes.
test.describe.configure({ mode: "serial" });

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

const shared = portalForThisFile(13);
let world: HttpWorld;
let base: string;
test.beforeAll(() => void ({ world, base } = shared));

test("the API reference renders the generated document, and Try it out calls the portal with the token entered under Authorize", async ({ page, context }) => {
  const [name, value] = world.cookies.owner.split("=") as [string, string];
  await context.addCookies([{ name, value, url: base }]);
  await page.goto(`${base}/api-docs`);
  await expect(page.getByRole("heading", { name: "REST API v1" })).toBeVisible();
  const operation = page.locator(".opblock").filter({ has: page.locator('.opblock-summary-path[data-path="/api/v1/blueprints"]') });
  await expect(operation).toBeVisible({ timeout: 30_000 });
  // Every operation of the document is listed.
  await expect(page.locator(".opblock")).toHaveCount(Object.keys(restMatrix).filter((k) => !protocolRoutes.has(k)).length);

  // Without a token the portal answers 401, in the error shape the document describes.
  await operation.locator(".opblock-summary").click();
  await operation.getByRole("button", { name: "Try it out" }).click();
  await operation.getByRole("button", { name: "Execute" }).click();
  await expect(operation.locator(".live-responses-table tbody .response-col_status")).toContainText("401");

  await page.getByRole("button", { name: "Authorize" }).first().click();
  const dialog = page.locator(".dialog-ux");
  const bearer = dialog.locator(".auth-container").filter({ hasText: "A Portico API token" });
  await bearer.locator("input").fill(ADMIN_TOKEN);
  // Swagger UI names its button "Apply credentials".
  await bearer.locator("button.authorize").click();
  await expect(bearer).toContainText("Authorized");
  await bearer.getByRole("button", { name: "Close" }).click();
  await operation.getByRole("button", { name: "Execute" }).click();
  await expect(operation.locator(".live-responses-table tbody .response-col_status")).toContainText("200");
  await expect(operation.locator(".live-responses-table")).toContainText('"identifier": "service"');
});

/** Requests the matrix makes only to be refused, made valid here so that they succeed. */
const valid: Record<string, { body?: () => Promise<unknown>; params?: () => Record<string, string> }> = {
  // The matrix's body takes the action over with a title only; the action as it is stored saves.
  "PUT /api/v1/actions/[id]": { body: async () => (await fetch(`${base}/api/v1/actions/notify`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json() },
  // The matrix deletes a blueprint other blueprints point to (refused); the one PUT above created goes.
  "DELETE /api/v1/blueprints/[bp]": { params: () => ({ bp: "widget" }) },
};
/**
 * Documented refusals the world cannot avoid: a run takes reports only between its dispatch and its end, and
 * the world's run is dispatched (and fails, its webhook unreachable) while the test runs. The integration
 * tests hold these two operations' successful answers against their schemas.
 */
const mayRefuse: Record<string, number> = {
  "PATCH /api/v1/runs/[id]": 409,
  "POST /api/v1/runs/[id]/logs": 409,
  // The world has no docs (they come from a repository): the image is a documented 404 here; its 200 is read
  // over HTTP in docs.spec.ts (the demo docs) and byte for byte in tests/integration/docs.test.ts.
  "GET /api/docs/[blueprint]/[identifier]/asset": 404,
};

test("every documented operation answers over HTTP as the served OpenAPI document says: a documented status, and a body its schema accepts", async () => {
  test.setTimeout(180_000);
  type Documented = { responses: Record<string, { content?: Record<string, { schema: object }> }> };
  const document = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, Documented>>; components: object };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "portico", components: document.components });
  const rebase = (schema: object) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"portico#/components/')) as object;
  // Reads first, deletions last, so each operation meets the world the matrix describes.
  const order = (key: string) => ["GET", "POST", "PUT", "PATCH", "DELETE"].indexOf(key.split(" ")[0]!);
  // A blueprint or scorecard takes what depends on it (its campaigns) when deleted: those go last of all.
  const parent = (key: string) => (key.startsWith("DELETE /api/v1/blueprints/") ? 1 : 0);
  const keys = Object.keys(restMatrix)
    .filter((k) => !protocolRoutes.has(k))
    .sort((a, b) => order(a) - order(b) || parent(a) - parent(b) || a.localeCompare(b));
  expect(keys.length).toBe(Object.values(document.paths).reduce((n, methods) => n + Object.keys(methods).length, 0));
  const failures: string[] = [];
  const statuses: Record<string, number> = {};
  for (const key of keys) {
    const session = restMatrix[key]!.access.startsWith("session");
    const override = { ...(valid[key]?.body ? { body: await valid[key].body() } : {}), ...(valid[key]?.params ? { params: valid[key].params } : {}) };
    const { method, url, headers, body } = restRequestParts(world, key, session ? null : `Bearer ${ADMIN_TOKEN}`, override, base);
    const response = await fetch(url, { method, headers: { ...headers, ...(session ? { cookie: world.cookies.admin, origin: base } : {}) }, body, redirect: "manual" });
    statuses[key] = response.status;
    const documented = document.paths[key.split(" ")[1]!.replace(/\[(\w+)\]/g, "{$1}")]?.[method.toLowerCase()];
    const answer = documented?.responses[String(response.status)];
    if (!answer) {
      failures.push(`${key} → ${response.status}: not documented`);
      continue;
    }
    const schema = answer.content?.["application/json"]?.schema;
    if (!schema) continue;
    const validate = ajv.compile(rebase(schema));
    if (!validate(await response.json())) failures.push(`${key} → ${response.status}: ${ajv.errorsText(validate.errors)}`);
  }
  expect(failures).toEqual([]);
  // The admin's valid requests succeed: the check above read real answers, not only refusals.
  const refused = Object.entries(statuses).filter(([, status]) => status >= 300);
  expect(refused.filter(([key, status]) => mayRefuse[key] !== status)).toEqual([]);
});
