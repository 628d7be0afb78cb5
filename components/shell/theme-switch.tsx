"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useState } from "react";
import { THEME_COOKIE, themeFromCookie, themes, type Theme } from "./theme";

const icons = { system: Monitor, light: Sun, dark: Moon };

function currentTheme(): Theme {
  const match = document.cookie.match(new RegExp(`(?:^|; )${THEME_COOKIE}=([^;]*)`));
  return themeFromCookie(match?.[1]);
}

/** Cycles system → light → dark; stored in a cookie so the server renders the right class. */
export function ThemeSwitch() {
  const [theme, setTheme] = useState<Theme | undefined>(undefined);
  const shown = theme ?? "system";
  const Icon = icons[shown];
  return (
    <button
      type="button"
      className="flex w-full items-center gap-2 rounded px-2 py-1.5 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
      onClick={() => {
        const next = themes[(themes.indexOf(theme ?? currentTheme()) + 1) % themes.length]!;
        document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
        document.documentElement.classList.remove(...themes);
        document.documentElement.classList.add(next);
        setTheme(next);
      }}
    >
      <Icon aria-hidden className="size-4" /> {theme ? `Theme: ${theme}` : "Switch theme"}
    </button>
  );
}
