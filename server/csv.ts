/** CSV as spreadsheets read it: every text quoted, and formulas neutralised (a cell never runs as one). */
export function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** A line of a table of figures: finite numbers as they are (a negative one is no formula), the rest as `csvCell`. */
export function csvLine(values: unknown[]): string {
  return values.map((v) => (typeof v === "number" && Number.isFinite(v) ? String(v) : csvCell(v))).join(",");
}
