import superjson, { type SuperJSONResult } from "superjson";
import { describe, expect, it } from "vitest";
import { transformer } from "./transformer";

/** What goes over the wire: the serialized value as JSON text and back. */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A small deterministic generator of values: JSON, dates and undefined, and now and then something only superjson handles. */
function generator(seed: number) {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  const common: (() => unknown)[] = [() => "s" + Math.floor(next() * 100), () => Math.floor(next() * 1000) - 500, () => next(), () => true, () => null, () => "", () => new Date(Math.floor(next() * 2e12)), () => undefined];
  const rare: (() => unknown)[] = [() => Number.NaN, () => -0, () => 10n, () => new Map([["a", 1]]), () => new Set([1]), () => /x/g, () => Number.POSITIVE_INFINITY, () => new Date(Number.NaN)];
  const keys = ["a", "b.c", "d\\e", "f\\.g", "0", "h i", "ü"];
  const value = (depth: number, exotic: boolean): unknown => {
    const r = next();
    if (depth > 3 || r < 0.4) return pick(exotic && next() < 0.15 ? rare : common)();
    if (r < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1, exotic));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [pick(keys), value(depth + 1, exotic)]));
  };
  return (exotic: boolean) => ({ root: value(0, exotic) });
}

describe("transformer", () => {
  it("writes a page of entities as superjson does, dates noted by path", () => {
    const page = { items: [{ identifier: "a", properties: { tier: 1, tags: ["x"], "a.b": { ok: true, none: null, gone: undefined } }, createdAt: new Date(0) }], total: 1, nextCursor: null };
    expect(wire(transformer.serialize(page)).meta).toEqual(wire(superjson.serialize(page)).meta);
    expect(transformer.serialize(page).meta).toEqual({ values: { "items.0.createdAt": ["Date"], "items.0.properties.a\\.b.gone": ["undefined"] }, v: 1 });
    expect(transformer.deserialize(wire(transformer.serialize(page)))).toEqual(page);
    expect(transformer.serialize({ a: [1, "x"] })).toEqual({ json: { a: [1, "x"] } });
  });

  it.each([
    ["undefined in an array", [1, undefined]],
    ["an array hole", [1, , 3]],
    ["NaN", { n: Number.NaN }],
    ["-0", [-0]],
    ["Infinity", Number.NEGATIVE_INFINITY],
    ["an invalid date", { at: new Date(Number.NaN) }],
    ["a date at the top", new Date(0)],
    ["a bigint", { n: 1n }],
    ["a map", new Map([["k", { v: 1 }]])],
    ["a set inside plain objects", { a: [{ b: new Set(["x"]) }] }],
    ["a class instance", { e: new (class Point { x = 1 })() }],
    ["undefined itself", undefined],
  ])("writes and reads %s as superjson does", (_, value) => {
    expect(wire(transformer.serialize(value))).toStrictEqual(wire(superjson.serialize(value)));
    expect(transformer.deserialize(wire(transformer.serialize(value)))).toEqual(superjson.deserialize(wire(superjson.serialize(value))));
  });

  it("hands very deep values to superjson rather than recursing without end", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 200; i++) deep = { d: deep };
    expect(transformer.deserialize(wire(transformer.serialize(deep)))).toEqual(deep);
  });

  it("reads and writes superjson's wire format both ways, for thousands of generated values", () => {
    const fast = { plain: 0, noted: 0 };
    for (let seed = 1; seed <= 3000; seed++) {
      const value = generator(seed)(seed % 3 === 0);
      const ours = wire(transformer.serialize(value));
      const theirs = wire(superjson.serialize(value));
      // The same notes; the values differ only where superjson writes null for an undefined that JSON drops.
      expect(ours.meta).toEqual(theirs.meta);
      expect(superjson.deserialize(wire(ours))).toEqual(superjson.deserialize(wire(theirs)));
      expect(transformer.deserialize(wire(theirs))).toEqual(superjson.deserialize(wire(theirs)));
      expect(superjson.deserialize(wire(ours))).toEqual(transformer.deserialize(wire(ours)));
      if (!ours.meta) fast.plain++;
      else if (Object.values(ours.meta.values ?? {}).every(([k]) => k === "Date" || k === "undefined")) fast.noted++;
    }
    // The generator reaches both of the quick cases, not only superjson's.
    expect(fast.plain).toBeGreaterThan(300);
    expect(fast.noted).toBeGreaterThan(300);
  });

  it("does not follow a path into a prototype, and changes nothing before refusing", () => {
    for (const path of ["__proto__.polluted", "a.constructor.prototype.polluted", "a.__proto__", "__proto__"]) {
      // As a client would send it: JSON text, so "__proto__" can be an own key.
      const payload = JSON.parse(`{"json":{"a":{},"__proto__":{},"b":"1970-01-01T00:00:00.000Z"},"meta":{"values":{"b":["Date"],${JSON.stringify(path)}:["undefined"]},"v":1}}`) as SuperJSONResult;
      expect(() => transformer.deserialize(payload)).toThrow();
      expect((payload.json as Record<string, unknown>).b).toBe("1970-01-01T00:00:00.000Z");
      expect(Object.hasOwn(Object.prototype, "polluted")).toBe(false);
    }
  });

  it("reads a frozen payload too, by leaving it to superjson", () => {
    const payload = Object.freeze({ json: Object.freeze({ at: "1970-01-01T00:00:00.000Z", gone: null }), meta: { values: { at: ["Date"], gone: ["undefined"] }, v: 1 } }) as unknown as SuperJSONResult;
    expect(transformer.deserialize(payload)).toEqual({ at: new Date(0), gone: undefined });
  });

  it("leaves a note that leads nowhere to superjson", () => {
    const payload = { json: { a: 1 }, meta: { values: { "b.c": ["Date"] }, v: 1 } } as unknown as SuperJSONResult;
    expect(transformer.deserialize(structuredClone(payload))).toEqual(superjson.deserialize(structuredClone(payload)));
  });
});
