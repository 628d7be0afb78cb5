/** The Query language's operators as the catalog's filters say them (the URL and the API keep the operators). */
const words: Record<string, string> = {
  "=": "is",
  "!=": "is not",
  contains: "contains",
  containsAny: "contains any of",
  doesNotContain: "does not contain",
  beginsWith: "begins with",
  endsWith: "ends with",
  in: "is one of",
  isEmpty: "is empty",
  isNotEmpty: "is not empty",
  "<": "is less than",
  ">": "is more than",
  "<=": "is at most",
  ">=": "is at least",
  between: "is between",
};
const dateWords: Record<string, string> = { "<": "is before", ">": "is after", "<=": "is on or before", ">=": "is on or after" };

export function operatorWords(operator: string, kind?: string): string {
  return (kind === "date" ? dateWords[operator] : undefined) ?? words[operator] ?? operator;
}
