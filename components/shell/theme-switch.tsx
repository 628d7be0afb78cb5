"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useState } from "react";
import { THEME_COOKIE, themeFromCookie, themes, type Theme } from "./theme";

export const themeIcons = { system: Monitor, light: Sun, dark: Moon };

function cookieTheme(): Theme {
  const match = document.cookie.match(new RegExp(`(?:^|; )${THEME_COOKIE}=([^;]*)`));
  return themeFromCookie(match?.[1]);
}

/**
 * Cycles system → light → dark. The choice is kept in a cookie so the server renders the right
 * class on the next request, and applied to <html> at once.
 */
export function useThemeCycle() {
  const [theme, setTheme] = useState<Theme | undefined>(undefined);
  function cycle() {
    const next = themes[(themes.indexOf(theme ?? cookieTheme()) + 1) % themes.length]!;
    document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    document.documentElement.classList.remove(...themes);
    document.documentElement.classList.add(next);
    setTheme(next);
  }
  return { theme, cycle };
}
