import { describe, expect, it } from "vitest";
import { computeLevel, nextLevelBlockers } from "./levels";

// Levels: 0 Basic (floor), 1 Bronze, 2 Silver, 3 Gold.
const rule = (levelIndex: number, weight = 1) => ({ levelIndex, weight });

describe("computeLevel", () => {
  it("reaches the top level when every rule passes", () => {
    expect(computeLevel(4, [rule(1), rule(2), rule(3)], [true, true, true])).toEqual({ level: 3, score: 100 });
  });

  it("with no rules at all, the entity is at the top level with a full score", () => {
    expect(computeLevel(4, [], [])).toEqual({ level: 3, score: 100 });
  });

  it("a level without rules is passed through: Silver has none, so passing Bronze and Gold is Gold", () => {
    expect(computeLevel(4, [rule(1), rule(3)], [true, true])).toEqual({ level: 3, score: 100 });
    expect(computeLevel(4, [rule(1), rule(3)], [true, false])).toEqual({ level: 2, score: 50 });
  });

  it("stays at the floor when the lowest rule fails, even if higher ones pass", () => {
    expect(computeLevel(4, [rule(1), rule(2), rule(3)], [false, true, true])).toEqual({ level: 0, score: 66.67 });
  });

  it("a failing rule at the floor itself keeps the entity at the floor", () => {
    expect(computeLevel(3, [rule(0), rule(1)], [false, true])).toEqual({ level: 0, score: 50 });
  });

  it("weights the score but not the level", () => {
    expect(computeLevel(3, [rule(1, 3), rule(2, 1)], [true, false])).toEqual({ level: 1, score: 75 });
    expect(computeLevel(3, [rule(1, 1), rule(2, 3)], [false, true])).toEqual({ level: 0, score: 75 });
  });

  it("lists exactly the failing rules that block the next level, in order", () => {
    const rules = [rule(1), rule(2), rule(2), rule(3)];
    expect(nextLevelBlockers(1, 4, rules, [true, false, true, false])).toEqual([rules[1]]);
    expect(nextLevelBlockers(0, 4, rules, [false, false, true, false])).toEqual([rules[0]]);
    expect(nextLevelBlockers(3, 4, rules, [true, true, true, true])).toEqual([]);
  });
});
