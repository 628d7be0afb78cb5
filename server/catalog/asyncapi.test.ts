import { describe, expect, it } from "vitest";
import { parseAsyncApi } from "./asyncapi";

const base = `asyncapi: 3.0.0
info: { title: Events, version: 1.0.0 }
channels:
  placed:
    address: orders.placed
    messages:
      placed: { payload: { type: object } }
operations:
  onPlaced: { action: receive, channel: { $ref: '#/channels/placed' } }
`;

describe("parseAsyncApi", () => {
  it("parses a definition into the parser's serialised document, once per definition", async () => {
    const parsed = await parseAsyncApi(base);
    expect(parsed.problems).toEqual([]);
    expect(JSON.parse(parsed.document!)).toMatchObject({ asyncapi: "3.0.0", info: { title: "Events" } });
    expect(await parseAsyncApi(base)).toBe(parsed);
  });

  it("never follows a reference outside the definition (a URL or a server file), and says so", async () => {
    const outside = base.replace("placed: { payload: { type: object } }", "placed: { payload: { $ref: 'file:///etc/passwd' } }\n      other: { payload: { $ref: 'https://schemas.example.com/order.json' } }");
    const parsed = await parseAsyncApi(outside);
    expect(parsed.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^file:\/\/\/etc\/passwd: a reference outside/), expect.stringMatching(/^https:\/\/schemas\.example\.com\/order\.json: a reference outside/)]),
    );
    expect(parsed.document).not.toContain("root:");
  });

  it("lists a broken definition's problems instead of failing the page", async () => {
    const parsed = await parseAsyncApi("asyncapi: 3.0.0\ninfo: {}\n");
    expect(parsed.problems.length).toBeGreaterThan(0);
  });
});
