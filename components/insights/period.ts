/** The periods the insights page offers, in days. */
export const periods = [
  { days: 7, label: "Last 7 days" },
  { days: 30, label: "Last 30 days" },
  { days: 90, label: "Last 90 days" },
  { days: 365, label: "Last 12 months" },
] as const;

/** The period of a `?days=` value: one of those offered, else 30 days. */
export function periodOf(value: string | undefined): number {
  const days = Number(value);
  return periods.some((p) => p.days === days) ? days : 30;
}
