export const THEME_COOKIE = "portico-theme";
export const themes = ["system", "light", "dark"] as const;
export type Theme = (typeof themes)[number];

export function themeFromCookie(value: string | undefined): Theme {
  return themes.includes(value as Theme) ? (value as Theme) : "system";
}
