import { describe, expect, it } from "vitest";
import { docsLinks } from "@/components/docs/docs-links";
import { docsLocation } from "./location";
import { homePage, navFromFolders, pageTitle, parseMkdocs } from "./site";

describe("where docs are", () => {
  it("reads backstage.io/techdocs-ref as Backstage writes it, else the repository's root", () => {
    expect(docsLocation({ repository: "https://github.com/acme/billing" })).toEqual({ repository: "acme/billing", folder: "" });
    expect(docsLocation({ annotations: { "github.com/project-slug": "acme/mono", "backstage.io/techdocs-ref": "dir:./services/search/" } })).toEqual({ repository: "acme/mono", folder: "services/search" });
    expect(docsLocation({ annotations: { "github.com/project-slug": "acme/mono", "backstage.io/techdocs-ref": "dir:." } })).toEqual({ repository: "acme/mono", folder: "" });
    expect(docsLocation({ annotations: { "backstage.io/techdocs-ref": "url:https://github.com/acme/mono/tree/release-2/docs-site" } })).toEqual({ repository: "acme/mono", ref: "release-2", folder: "docs-site" });
    expect(docsLocation({ annotations: { "backstage.io/techdocs-ref": "url:https://github.com/acme/mono" } })).toEqual({ repository: "acme/mono", ref: undefined, folder: "" });
    // Climbing out of the repository, a non-GitHub URL, no repository: nowhere.
    expect(docsLocation({ annotations: { "github.com/project-slug": "acme/mono", "backstage.io/techdocs-ref": "dir:../elsewhere" } })).toBeUndefined();
    expect(docsLocation({ annotations: { "backstage.io/techdocs-ref": "url:https://gitlab.com/acme/mono/-/tree/main" } })).toBeUndefined();
    expect(docsLocation({ description: "no repository" })).toBeUndefined();
  });
});

describe("a docs site as MkDocs describes it", () => {
  it("reads mkdocs.yml with its Python tags, and refuses YAML that is not YAML", () => {
    expect(parseMkdocs("site_name: X\ndocs_dir: site/\nextra: !ENV [A, b]\nnav:\n  - a.md\n")).toEqual({ siteName: "X", docsDir: "site", nav: ["a.md"] });
    expect(parseMkdocs("site_name: X\n")).toEqual({ siteName: "X", docsDir: "docs", nav: undefined });
    expect(() => parseMkdocs("nav: [a.md\n")).toThrow(/not valid YAML/);
    expect(() => parseMkdocs("docs_dir: ../../x\n")).toThrow(/climbs out/);
  });

  it("titles a page by its first heading, ATX or setext, else its file name", () => {
    expect(pageTitle("---\ntitle: x\n---\nIntro\n\n## Sub\n\n# Main *title*\n", "a.md")).toBe("Main title");
    expect(pageTitle("Setext\n======\n\n# Later\n", "a.md")).toBe("Setext");
    expect(pageTitle("no heading", "guides/getting_started.md")).toBe("Getting started");
    expect(pageTitle("", "index.md")).toBe("Home");
  });

  it("makes a nav from the folders, the index first, and finds the home page", () => {
    const titles = new Map([
      ["z.md", "Zed"],
      ["index.md", "Home"],
      ["ops/runbook.md", "Runbook"],
      ["ops/index.md", "Ops home"],
    ]);
    expect(navFromFolders(titles)).toEqual([
      { title: "Home", page: "index.md" },
      { title: "Zed", page: "z.md" },
      { title: "Ops", children: [{ title: "Ops home", page: "ops/index.md" }, { title: "Runbook", page: "ops/runbook.md" }] },
    ]);
    expect(homePage([], ["a.md", "README.md"])).toBe("README.md");
    expect(homePage([{ title: "S", children: [{ title: "B", page: "b.md" }] }], ["a.md", "b.md"])).toBe("b.md");
  });
});

describe("a docs page's links", () => {
  const links = docsLinks({ blueprint: "service", identifier: "billing", page: "guides/deploy.md", pages: ["index.md", "guides/deploy.md", "guides/rollback.md", "ops/index.md"], repository: "acme/billing", ref: "main", folder: "docs" });
  it("opens pages in Portico, images through Portico, other files on GitHub, and leaves absolute URLs", () => {
    expect(links.link("rollback.md#steps")).toBe("/catalog/service/billing/docs/guides/rollback#steps");
    expect(links.link("../index.md")).toBe("/catalog/service/billing/docs/index");
    expect(links.link("../ops/")).toBe("/catalog/service/billing/docs/ops/index");
    expect(links.link("#local")).toBe("#local");
    expect(links.link("https://example.com/x")).toBe("https://example.com/x");
    expect(links.link("/catalog/service/ledger")).toBe("/catalog/service/ledger");
    expect(links.link("../../src/main.go")).toBe("https://github.com/acme/billing/blob/main/src/main.go");
    expect(links.link("script.sh")).toBe("https://github.com/acme/billing/blob/main/docs/guides/script.sh");
    expect(links.image("../img/flow%20chart.png")).toBe("/api/docs/service/billing/asset?path=img%2Fflow%20chart.png");
    expect(links.image("https://img.example.com/a.png")).toBe("https://img.example.com/a.png");
  });
});
