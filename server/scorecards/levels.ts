/**
 * Level and score of one entity from its rule results (PRODUCT.md "Scorecard"): the first level is
 * the floor; an entity reaches a level when every rule at that level and below passes, so its level
 * is one below the lowest level with a failing rule (never below the floor), or the top level when
 * nothing fails. The score is the weighted share of passed rules, 0–100 (100 with no rules).
 * evaluate.ts writes the same arithmetic in SQL; the property test holds the two equal.
 */
export type RankedRule = { levelIndex: number; weight: number };

export function computeLevel(levelCount: number, rules: RankedRule[], passed: boolean[]): { level: number; score: number } {
  let level = levelCount - 1;
  rules.forEach((rule, i) => {
    if (!passed[i]) level = Math.min(level, rule.levelIndex - 1);
  });
  const total = rules.reduce((sum, r) => sum + r.weight, 0);
  const won = rules.reduce((sum, r, i) => sum + (passed[i] ? r.weight : 0), 0);
  return { level: Math.max(0, level), score: total === 0 ? 100 : roundScore((won / total) * 100) };
}

/** Scores are stored as `real`; round to 2 decimals on both sides so memory and SQL agree. */
export const roundScore = (score: number) => Math.round(score * 100) / 100;

/** The rules blocking the next level, in rule order: the failing rules at levels up to it. */
export function nextLevelBlockers<T extends RankedRule>(level: number, levelCount: number, rules: T[], passed: boolean[]): T[] {
  if (level >= levelCount - 1) return [];
  return rules.filter((r, i) => !passed[i] && r.levelIndex <= level + 1);
}
