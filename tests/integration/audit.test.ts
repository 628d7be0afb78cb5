import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, teams } from "@/db/schema";
import { audited } from "@/server/audit/audited";
import { exportAuditCsv, listAuditEvents } from "@/server/audit/service";
import { createTeam, updateTeam } from "@/server/identity/teams";
import { makeUser, serviceContext, createTestDatabase } from "../support/db";

const { db } = await createTestDatabase();

describe("the audit helper", () => {
  let admin: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    admin = await makeUser(db, "admin@example.com", "admin");
  });

  it("writes the change and its event in one transaction, with diff, actor, origin and request id", async () => {
    const ctx = serviceContext(db, admin);
    await createTeam({ ctx, input: { id: "audited-team", title: "Audited" } });
    await updateTeam({ ctx, input: { id: "audited-team", title: "Audited twice", idpGroup: "grp" } });

    const events = await db.select().from(auditEvents).where(eq(auditEvents.resourceId, "audited-team")).orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(["team.create", "team.update"]);
    const update = events[1]!;
    expect(update).toMatchObject({ actorId: admin.id, actorLabel: "admin@example.com", origin: "ui", requestId: ctx.requestId, ip: "127.0.0.1" });
    expect(update.diff).toEqual([
      { op: "add", path: "/idpGroup", value: "grp" },
      { op: "replace", path: "/title", old: "Audited", value: "Audited twice" },
    ]);
  });

  it("rolls the change back when the audit write fails", async () => {
    const ctx = serviceContext(db, admin);
    // An action name the audit table's CHECK constraint refuses makes the audit insert fail.
    await expect(
      audited(ctx, async (tx) => {
        await tx.insert(teams).values({ id: "never-written", title: "Never" });
        return { result: null, audit: { action: "Not A Valid Action", resourceType: "team", resourceId: "never-written" } };
      }),
    ).rejects.toThrow();
    expect(await db.select().from(teams).where(eq(teams.id, "never-written"))).toEqual([]);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.resourceId, "never-written"))).toEqual([]);
  });

  it("strips secrets from before and after and from the diff", async () => {
    const ctx = serviceContext(db, admin);
    await audited(ctx, async () => ({
      result: null,
      audit: {
        action: "integration.update",
        resourceType: "integration",
        resourceId: "github",
        before: { org: "acme", token: "ghp_old" },
        after: { org: "acme", token: "ghp_new", webhookSecret: "s3cr3t" },
      },
    }));
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.resourceId, "github"));
    const stored = JSON.stringify(event);
    expect(stored).not.toContain("ghp_");
    expect(stored).not.toContain("s3cr3t");
    expect(event!.after).toEqual({ org: "acme", token: "[redacted]", webhookSecret: "[redacted]" });
  });

  it("is append-only in the database: UPDATE, DELETE and TRUNCATE are rejected", async () => {
    const [any] = await db.select({ id: auditEvents.id }).from(auditEvents).limit(1);
    // Drizzle wraps the PostgreSQL error; the trigger's message is on its cause.
    const refused = { cause: expect.objectContaining({ message: expect.stringMatching(/audit_events is append-only/) }) };
    await expect(db.execute(sql`update audit_events set action = 'team.hacked' where id = ${any!.id}`)).rejects.toMatchObject(refused);
    await expect(db.execute(sql`delete from audit_events where id = ${any!.id}`)).rejects.toMatchObject(refused);
    await expect(db.execute(sql`truncate audit_events`)).rejects.toMatchObject(refused);
    const [still] = await db.select().from(auditEvents).where(eq(auditEvents.id, any!.id));
    expect(still?.action).not.toBe("team.hacked");
  });
});

describe("reading the audit log", () => {
  it("filters by actor, resource type, action prefix and time, and pages with a cursor", async () => {
    const admin = await makeUser(db, "reader@example.com", "admin");
    const ctx = serviceContext(db, admin);
    for (let i = 0; i < 5; i++) await createTeam({ ctx, input: { id: `page-${i}`, title: `Page ${i}` } });

    const first = await listAuditEvents({ ctx, input: { actor: "reader@", action: "team.", limit: 2 } });
    expect(first.items.map((e) => e.resourceId)).toEqual(["page-4", "page-3"]);
    const second = await listAuditEvents({ ctx, input: { actor: "reader@", action: "team.", limit: 2, cursor: first.nextCursor } });
    expect(second.items.map((e) => e.resourceId)).toEqual(["page-2", "page-1"]);

    const future = await listAuditEvents({ ctx, input: { actor: admin.id, from: new Date(Date.now() + 60_000) } });
    expect(future.items).toEqual([]);
    const users = await listAuditEvents({ ctx, input: { actor: admin.id, resourceType: "user" } });
    expect(users.items).toEqual([]);
  });

  it("exports matching events as CSV, neutralising spreadsheet formulas in the columns it exports", async () => {
    // The IdP decides a user's email (the CSV's actor column); the caller decides its X-Request-Id.
    const admin = await makeUser(db, '=HYPERLINK("https://evil.example","x")@example.com', "admin");
    const ctx = { ...serviceContext(db, admin), clientRequestId: "-A1" };
    await createTeam({ ctx, input: { id: "csv-team", title: "CSV" } });
    const csv = await new Response(exportAuditCsv({ ctx, input: { resourceId: "csv-team" } })).text();
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("id,at,actor_id,actor,action,resource_type,resource_id,origin,request_id,client_request_id,ip,diff");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"team.create"');
    const cells = lines[1]!.match(/"(?:[^"]|"")*"/g)!;
    expect(cells[3]).toBe(`"'=HYPERLINK(""https://evil.example"",""x"")@example.com"`);
    expect(cells[9]).toBe(`"'-A1"`);
    // No cell a spreadsheet would read as a formula.
    for (const cell of cells) expect(cell.slice(1, -1)).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("is for admins only", async () => {
    const member = await makeUser(db, "nosy@example.com", "member");
    await expect(listAuditEvents({ ctx: serviceContext(db, member), input: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
