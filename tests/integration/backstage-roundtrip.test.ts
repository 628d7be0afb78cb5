import fs from "node:fs";
import path from "node:path";
import { asc, inArray } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { entities, teamMembers, teams, users } from "@/db/schema";
import { importBackstage, type ImportFile } from "@/server/catalog/backstage";
import { exportBackstage } from "@/server/catalog/backstage/export";
import { makeUser, serviceContext, createTestDatabase } from "../support/db";

/** Everything an import writes, in a form two databases can be compared by. */
async function state(db: Db) {
  const rows = await db.select().from(entities).where(inArray(entities.blueprint, ["service", "api", "system", "domain", "resource", "team"])).orderBy(asc(entities.blueprint), asc(entities.identifier));
  const teamRows = await db.select().from(teams).orderBy(asc(teams.id));
  const members = await db.select({ teamId: teamMembers.teamId, userId: teamMembers.userId }).from(teamMembers);
  const people = await db.select().from(users);
  const emailOf = new Map(people.map((u) => [u.id, u.email]));
  return {
    entities: rows.map((r) => ({ blueprint: r.blueprint, identifier: r.identifier, title: r.title, team: r.team, properties: r.properties, relations: r.relations })),
    teams: teamRows.map((t) => ({ id: t.id, title: t.title, description: t.description, type: t.type, email: t.email, picture: t.picture, parentId: t.parentId })),
    members: members.map((m) => `${m.teamId} ${emailOf.get(m.userId)}`).sort(),
    users: people.filter((u) => u.email !== "admin@example.com").map((u) => ({ email: u.email, name: u.name, image: u.image })).sort((a, b) => a.email.localeCompare(b.email)),
  };
}

async function roundTrip(files: ImportFile[]) {
  const a = await createTestDatabase({ max: 1 });
  const adminA = await makeUser(a.db, "admin@example.com", "admin");
  const first = await importBackstage({ ctx: serviceContext(a.db, adminA), input: { files, mode: "valid" } });
  const yaml = await exportBackstage({ ctx: serviceContext(a.db, adminA) });
  const b = await createTestDatabase({ max: 1 });
  const adminB = await makeUser(b.db, "admin@example.com", "admin");
  const second = await importBackstage({ ctx: serviceContext(b.db, adminB), input: { yaml } });
  return { first, second, yaml, a: await state(a.db), b: await state(b.db), ends: () => Promise.all([a.close(), b.close()]) };
}

describe("Backstage export", () => {
  it("the reference fixture: import → export → import gives the same catalog, teams, members and users", async () => {
    const root = "tests/fixtures/backstage";
    const files = fs
      .readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((f) => fs.statSync(path.join(root, f)).isFile())
      .map((f) => ({ path: f, content: fs.readFileSync(path.join(root, f), "utf8") }));
    const r = await roundTrip(files);
    expect(r.second.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(r.a.entities.length).toBe(15); // 12 catalog entities and 3 team entities
    expect(r.b).toEqual(r.a);
    // Substituted definitions are written inline; namespaces and user owners as Backstage references.
    expect(r.yaml).toContain("namespace: fintech");
    expect(r.yaml).toContain("owner: user:default/ada");
    await r.ends();
  });

  it("property: any catalog of components, APIs, groups and users survives import → export → import", async () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
    const word = fc.stringMatching(/^[a-z][a-z0-9 ]{0,12}$/);
    const catalog = fc.record({
      components: fc.uniqueArray(name, { minLength: 1, maxLength: 6 }),
      apis: fc.uniqueArray(name.map((n) => `api-${n}`), { maxLength: 3 }),
      groups: fc.uniqueArray(name.map((n) => `g-${n}`), { minLength: 1, maxLength: 3 }),
      tags: fc.array(word.map((w) => w.replace(/ /g, "-")), { maxLength: 3 }),
      labels: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), word, { maxKeys: 3 }),
      annotations: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}\.io\/[a-z-]{1,10}$/), word, { maxKeys: 3 }),
      seed: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(catalog, async (c) => {
        const docs: string[] = [];
        c.groups.forEach((g, i) => docs.push(JSON.stringify({ apiVersion: "backstage.io/v1alpha1", kind: "Group", metadata: { name: g }, spec: { type: "team", children: [], ...(i > 0 ? { parent: c.groups[0] } : {}) } })));
        docs.push(JSON.stringify({ apiVersion: "backstage.io/v1alpha1", kind: "User", metadata: { name: "pat" }, spec: { profile: { email: "pat@example.com", displayName: "Pat" }, memberOf: [c.groups[0]] } }));
        c.apis.forEach((a) => docs.push(JSON.stringify({ apiVersion: "backstage.io/v1alpha1", kind: "API", metadata: { name: a, labels: c.labels }, spec: { type: "openapi", lifecycle: "production", owner: c.groups[0], definition: `openapi: 3.0.0\ninfo: {title: ${a}}\n` } })));
        c.components.forEach((n, i) =>
          docs.push(
            JSON.stringify({
              apiVersion: "backstage.io/v1alpha1",
              kind: "Component",
              metadata: { name: n, ...(c.tags.length ? { tags: c.tags } : {}), ...(Object.keys(c.annotations).length ? { annotations: c.annotations } : {}), links: [{ url: `https://x.example.com/${n}`, title: n, icon: "docs" }] },
              spec: {
                type: "service",
                lifecycle: "experimental",
                owner: (c.seed + i) % 3 === 0 ? "user:pat" : `group:${c.groups[(c.seed + i) % c.groups.length]}`,
                ...(i > 0 ? { dependsOn: [`component:${c.components[(c.seed + i) % i]}`] } : {}),
                ...(c.apis.length ? { providesApis: [c.apis[(c.seed + i) % c.apis.length]] } : {}),
              },
            }),
          ),
        );
        const r = await roundTrip([{ path: "catalog-info.yaml", content: docs.map((d) => `---\n${d}\n`).join("") }]);
        try {
          expect(r.first.problems.filter((p) => p.severity === "error")).toEqual([]);
          expect(r.b).toEqual(r.a);
        } finally {
          await r.ends();
        }
      }),
      { numRuns: 8 },
    );
  }, 240_000);
});
