import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, entityDocAssets, entityDocPages, entityDocs } from "@/db/schema";
import { saveWebhookSettings } from "@/server/actions/settings";
import { putBlueprint } from "@/server/catalog/blueprints";
import { saveGitHubIntegration } from "@/server/catalog/github-discovery";
import { upsertEntities } from "@/server/catalog/entities";
import { searchEntities } from "@/server/catalog/search";
import { systemActor, type ServiceContext, type UserActor } from "@/server/context";
import { docsPage, refreshDocs, searchDocs } from "@/server/docs/service";
import { syncAllDocs } from "@/server/docs/sync";
import { github } from "@/server/integrations/credentials";
import { completenessChecks } from "@/server/insights/catalog-health";
import { startGitHubApi } from "../support/github-api";
import { createTestDatabase, makeUser, serviceContext } from "../support/db";

const { db, url } = await createTestDatabase();
process.env.PORTICO_EMBEDDED_DATABASE_URL = url;
process.env.PORTICO_ENCRYPTION_KEY = "test-encryption-key-0123456789abcdef";
// The image route reads the signed-in user from the session, as in the browser.
const session = vi.hoisted(() => ({ user: undefined as UserActor | undefined }));
vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => session.user }));
const assetRoute = await import("@/app/api/docs/[blueprint]/[identifier]/asset/route");

const TOKEN = "ghp_loopbackDocsToken0000000000000000000";
const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e0e4d50000000049454e44ae426082", "hex");
// A repository as MkDocs users write one: mkdocs.yml with Python tags and a nav, pages in folders, an image, front matter.
const billingFiles = {
  "catalog-info.yaml": "kind: Component\nmetadata: { name: billing }\n",
  "mkdocs.yml": [
    "site_name: Billing handbook",
    "nav:",
    "  - Home: index.md",
    "  - Guides:",
    "    - Deploying: guides/deploy.md",
    "    - guides/rollback.md",
    "  - Status page: https://status.example.com",
    "  - Gone: missing.md",
    "plugins:",
    "  - techdocs-core",
    "markdown_extensions:",
    "  - pymdownx.superfences:",
    "      custom_fences:",
    "        - name: mermaid",
    "          class: mermaid",
    "          format: !!python/name:pymdownx.superfences.fence_code_format",
    "",
  ].join("\n"),
  "docs/index.md": "---\ntags: [billing]\n---\n# Billing\n\nInvoices go out nightly. See [deploying](guides/deploy.md#steps) and ![flow](img/flow.png).\n\n```mermaid\ngraph LR; A-->B\n```\n",
  "docs/guides/deploy.md": "Deploying billing\n=================\n\n## Steps\n\nRun `make release` with the quarkfluxcapacitor flag.\n",
  "docs/guides/rollback.md": "# Rolling back\n\nUse the rollback action.\n",
  "docs/img/flow.png": png,
  "src/main.go": "package main\n",
};
const gh = await startGitHubApi({
  token: TOKEN,
  org: "acme",
  repos: [
    { name: "billing", files: billingFiles },
    // A monorepo: each service's docs beside its catalog-info.yaml, no mkdocs.yml (the folders make the nav).
    { name: "mono", files: { "services/search/docs/README.md": "# Search\n\nThe search service.\n", "services/search/docs/ops/alerts.md": "# Alerts\n" } },
    { name: "empty", files: { "README.md": "# Nothing under docs\n" } },
  ],
});
afterAll(() => gh.close());

let admin: UserActor;
let owner: UserActor;
let stranger: UserActor;
const as = (actor: UserActor) => serviceContext(db, actor);
const job = (): ServiceContext => ({ db, actor: systemActor, origin: "system", requestId: "job-docs" });
const docsOf = async (identifier: string) => (await db.select().from(entityDocs).where(and(eq(entityDocs.blueprint, "service"), eq(entityDocs.identifier, identifier))))[0];
const pagesOf = async (identifier: string) =>
  (await db.select({ path: entityDocPages.path }).from(entityDocPages).where(eq(entityDocPages.identifier, identifier))).map((p) => p.path).sort();

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  owner = await makeUser(db, "owner@example.com", "member", ["billing-team"]);
  stranger = await makeUser(db, "stranger@example.com", "member", ["other"]);
  await saveWebhookSettings({ ctx: as(admin), input: { allowlist: ["localhost", "127.0.0.1"] } });
  await putBlueprint({ ctx: as(admin), input: { identifier: "service", title: "Service", schema: { properties: { repository: { type: "string" }, annotations: { type: "object" } }, required: [] } } });
  await upsertEntities({
    ctx: as(admin),
    input: {
      blueprint: "service",
      mode: "upsert",
      bulk: false,
      entities: [
        { identifier: "billing", title: "Billing", team: ["billing-team"], properties: { repository: "https://github.com/acme/billing" } },
        { identifier: "search", team: ["billing-team"], properties: { annotations: { "github.com/project-slug": "acme/mono", "backstage.io/techdocs-ref": "dir:./services/search" } } },
        { identifier: "search-by-url", team: ["billing-team"], properties: { annotations: { "backstage.io/techdocs-ref": "url:https://github.com/acme/mono/tree/main/services/search" } } },
        { identifier: "nodocs", team: ["billing-team"], properties: { repository: "https://github.com/acme/empty" } },
        { identifier: "gone", team: ["billing-team"], properties: { repository: "https://github.com/acme/deleted" } },
        { identifier: "norepo", team: ["billing-team"], properties: {} },
      ],
    },
  });
});

describe("docs beside every service, read from a GitHub API on loopback", () => {
  it("refuses a refresh until GitHub is connected, saying where to connect it, and writes nothing", async () => {
    await expect(refreshDocs({ ctx: as(owner), input: { blueprint: "service", identifier: "billing" } })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/GitHub is not connected.*Admin → Integrations/) });
    expect(await docsOf("billing")).toBeUndefined();
    await saveGitHubIntegration({ ctx: as(admin), input: { org: "acme", apiUrl: gh.url, token: TOKEN } });
  });

  it("only admins and the entity's owners refresh; a missing entity is a 404", async () => {
    await expect(refreshDocs({ ctx: as(stranger), input: { blueprint: "service", identifier: "billing" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(refreshDocs({ ctx: as(owner), input: { blueprint: "service", identifier: "nope" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("reads docs/ with mkdocs.yml's name and nav (Python tags and all), pages, titles and images, audited", async () => {
    const outcome = await refreshDocs({ ctx: as(owner), input: { blueprint: "service", identifier: "billing" } });
    expect(outcome).toEqual({ status: "ok", message: null, pages: 3, changed: true });
    const view = await docsPage({ ctx: as(stranger), input: { blueprint: "service", identifier: "billing" } });
    expect(view.state).toMatchObject({ source: "github", repository: "acme/billing", ref: "main", folder: "docs", siteName: "Billing handbook", status: "ok", pages: 3 });
    expect(view.state!.syncedAt).toBeTruthy();
    // The nav as mkdocs.yml orders it: titled entries, a bare path titled by its page (a setext heading), an outside link; a missing page left out.
    expect(view.nav).toEqual([
      { title: "Home", page: "index.md" },
      { title: "Guides", children: [{ title: "Deploying", page: "guides/deploy.md" }, { title: "Rolling back", page: "guides/rollback.md" }] },
      { title: "Status page", url: "https://status.example.com" },
    ]);
    // The home page, its front matter left out; the stranger reads but may not refresh.
    expect(view.page).toMatchObject({ path: "index.md", title: "Billing" });
    expect(view.page!.markdown.startsWith("# Billing")).toBe(true);
    expect(view.mayRefresh).toBe(false);
    // Pages are addressed without `.md`; a page that is not there is null, not an error.
    expect((await docsPage({ ctx: as(owner), input: { blueprint: "service", identifier: "billing", page: "guides/deploy" } })).page).toMatchObject({ title: "Deploying billing" });
    expect((await docsPage({ ctx: as(owner), input: { blueprint: "service", identifier: "billing", page: "nowhere" } })).page).toBeNull();
    const [image] = await db.select().from(entityDocAssets).where(eq(entityDocAssets.identifier, "billing"));
    expect(image).toMatchObject({ path: "img/flow.png", contentType: "image/png" });
    expect(Buffer.compare(image!.bytes, png)).toBe(0);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.action, "docs.sync"));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: "owner@example.com", resourceType: "entity", resourceId: "service/billing" });
    expect(audit[0]!.after).toMatchObject({ repository: "acme/billing", pages: 3, read: expect.arrayContaining(["index.md", "guides/deploy.md"]) });
  });

  it("serves the docs' images to signed-in users only, as the repository held them", async () => {
    const request = (path: string) => new Request(`http://localhost/api/docs/service/billing/asset?path=${encodeURIComponent(path)}`);
    const params = { params: Promise.resolve({ blueprint: "service", identifier: "billing" }) };
    session.user = undefined;
    expect((await assetRoute.GET(request("img/flow.png"), params)).status).toBe(401);
    session.user = stranger;
    const response = await assetRoute.GET(request("img/flow.png"), params);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("content-security-policy")).toContain("sandbox");
    expect(Buffer.compare(Buffer.from(await response.arrayBuffer()), png)).toBe(0);
    expect((await assetRoute.GET(request("src/main.go"), params)).status).toBe(404);
    session.user = undefined;
  });

  it("reads again only what changed, and drops what the repository removed", async () => {
    const before = gh.state.requests.length;
    // Nothing changed: "Refresh now" compares file by file and reads only mkdocs.yml (for the nav);
    expect(await refreshDocs({ ctx: as(owner), input: { blueprint: "service", identifier: "billing" } })).toMatchObject({ status: "ok", changed: false });
    expect(gh.state.requests.slice(before).filter((r) => r.includes("/git/blobs/"))).toHaveLength(1);
    // the scheduled sync sees the same tree and reads nothing (the repository and its tree).
    const scheduled = gh.state.requests.length;
    await syncAllDocs(job(), await github(db));
    expect(gh.state.requests.slice(scheduled).filter((r) => r.includes("/acme/billing"))).toEqual(["GET /repos/acme/billing", "GET /repos/acme/billing/git/trees/main?recursive=1"]);
    const repo = gh.state.repos.find((r) => r.name === "billing")!;
    repo.files = { ...repo.files, "docs/guides/rollback.md": "# Rolling back safely\n\nUse the rollback action.\n" };
    delete repo.files["docs/guides/deploy.md"];
    const mark = gh.state.requests.length;
    expect(await refreshDocs({ ctx: as(owner), input: { blueprint: "service", identifier: "billing" } })).toMatchObject({ status: "ok", pages: 2, changed: true });
    // mkdocs.yml and the one changed page.
    expect(gh.state.requests.slice(mark).filter((r) => r.includes("/git/blobs/"))).toHaveLength(2);
    expect(await pagesOf("billing")).toEqual(["guides/rollback.md", "index.md"]);
    expect((await docsPage({ ctx: as(owner), input: { blueprint: "service", identifier: "billing" } })).nav[1]).toEqual({ title: "Guides", children: [{ title: "Rolling back safely", page: "guides/rollback.md" }] });
  });

  it("honours backstage.io/techdocs-ref (dir: beside catalog-info.yaml, url: a tree URL), the folders making the nav", async () => {
    for (const identifier of ["search", "search-by-url"]) {
      expect(await refreshDocs({ ctx: as(admin), input: { blueprint: "service", identifier } })).toMatchObject({ status: "ok", pages: 2 });
      const view = await docsPage({ ctx: as(owner), input: { blueprint: "service", identifier } });
      expect(view.state).toMatchObject({ repository: "acme/mono", folder: "services/search/docs" });
      expect(view.nav).toEqual([{ title: "Search", page: "README.md" }, { title: "Ops", children: [{ title: "Alerts", page: "ops/alerts.md" }] }]);
      expect(view.page).toMatchObject({ path: "README.md", title: "Search" });
    }
  });

  it("says where it looked when there are no docs, and why when the repository cannot be read, keeping nothing half-written", async () => {
    expect(await refreshDocs({ ctx: as(owner), input: { blueprint: "service", identifier: "nodocs" } })).toMatchObject({ status: "missing", message: "No Markdown pages in docs of acme/empty@main" });
    expect(await refreshDocs({ ctx: as(owner), input: { blueprint: "service", identifier: "gone" } })).toMatchObject({ status: "failed", message: expect.stringMatching(/no repository acme\/deleted/) });
    expect(await refreshDocs({ ctx: as(owner), input: { blueprint: "service", identifier: "norepo" } })).toMatchObject({ status: "missing", message: expect.stringMatching(/No GitHub repository/) });
    expect(await pagesOf("nodocs")).toEqual([]);
    // Docs that were there and are gone from the repository go from Portico too.
    const empty = gh.state.repos.find((r) => r.name === "empty")!;
    empty.files = { ...empty.files, "docs/index.md": "# Briefly\n" };
    expect(await refreshDocs({ ctx: as(owner), input: { blueprint: "service", identifier: "nodocs" } })).toMatchObject({ status: "ok", pages: 1 });
    delete empty.files["docs/index.md"];
    expect(await refreshDocs({ ctx: as(owner), input: { blueprint: "service", identifier: "nodocs" } })).toMatchObject({ status: "missing", pages: 0 });
    expect(await pagesOf("nodocs")).toEqual([]);
    expect((await docsPage({ ctx: as(owner), input: { blueprint: "service", identifier: "nodocs" } })).nav).toEqual([]);
    // A failed read keeps the last good pages and says so.
    const repo = gh.state.repos.find((r) => r.name === "billing")!;
    repo.name = "billing-renamed";
    expect(await refreshDocs({ ctx: as(owner), input: { blueprint: "service", identifier: "billing" } })).toMatchObject({ status: "failed" });
    expect(await pagesOf("billing")).toEqual(["guides/rollback.md", "index.md"]);
    expect((await docsOf("billing"))!.syncedAt).toBeTruthy();
    repo.name = "billing";
  });

  it("puts the docs in the catalog's full-text search and in Ctrl-K", async () => {
    // A word only in a docs page finds the service in its blueprint's search.
    const found = await searchEntities({ ctx: as(stranger), input: { blueprint: "service", q: "rollback" } });
    expect(found.items.map((e) => e.identifier)).toEqual(["billing"]);
    const hits = await searchDocs({ ctx: as(stranger), input: { q: "nightly invoices" } });
    expect(hits).toEqual([expect.objectContaining({ blueprint: "service", identifier: "billing", path: "index.md", title: "Billing", entityTitle: "Billing" })]);
    expect(await searchDocs({ ctx: as(stranger), input: { q: "%%" } })).toEqual([]);
  });

  it("the scheduled sync reads every entity naming a repository, skipping unchanged trees, and counts docs as complete", async () => {
    const repo = gh.state.repos.find((r) => r.name === "mono")!;
    repo.files = { ...repo.files, "services/search/docs/ops/alerts.md": "# Alerts\n\nPage the search on-call.\n" };
    const systemSyncs = async () => (await db.select().from(auditEvents).where(and(eq(auditEvents.action, "docs.sync"), eq(auditEvents.actorId, "system")))).map((e) => e.resourceId);
    const before = await systemSyncs();
    const outcome = await syncAllDocs(job(), await github(db));
    // billing, search, search-by-url (ok: hourly); nodocs, gone, norepo were checked today (daily).
    expect(outcome).toEqual({ checked: 3, changed: 2, failed: 0 });
    // Catalog completeness: docs Portico has read count, as the TechDocs reference does; a repository without docs does not.
    const complete = await db.execute<{ identifier: string }>(sql`select e.identifier from entities e where e.blueprint = 'service' and ${completenessChecks.docs.condition} order by 1`);
    expect(complete.map((r) => r.identifier)).toEqual(["billing", "search", "search-by-url"]);
    expect((await systemSyncs()).slice(before.length).sort()).toEqual(["service/search", "service/search-by-url"]);
  });
});
