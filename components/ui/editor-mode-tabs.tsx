"use client";

export type EditorMode = "form" | "json";

/**
 * The Form / JSON switch of the admin editors and the Query builder; the form is unavailable while the
 * JSON does not parse (or the form cannot show it).
 */
export function EditorModeTabs({
  mode,
  onChange,
  jsonInvalid,
  label = "Editor",
  formLabel = "Form",
}: {
  mode: EditorMode;
  onChange: (mode: EditorMode) => void;
  jsonInvalid: boolean;
  label?: string;
  formLabel?: string;
}) {
  return (
    <div role="tablist" aria-label={label} className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
      {(["form", "json"] as const).map((m) => (
        <button
          key={m}
          role="tab"
          type="button"
          aria-selected={mode === m}
          disabled={m === "form" && jsonInvalid}
          title={m === "form" && jsonInvalid ? "Fix the JSON first" : undefined}
          onClick={() => onChange(m)}
          className={`rounded px-3 py-1 text-sm ${mode === m ? "bg-brand-600 text-white" : "text-zinc-700 dark:text-zinc-300"} disabled:opacity-50`}
        >
          {m === "form" ? formLabel : "JSON"}
        </button>
      ))}
    </div>
  );
}
