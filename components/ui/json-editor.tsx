"use client";

import { json, jsonParseLinter } from "@codemirror/lang-json";
import { linter, lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { EditorView, basicSetup } from "codemirror";
import { useEffect, useRef } from "react";

export type EditorProblem = { path: string; message: string };

/** Where a JSON pointer's last key first appears in the text (good enough to underline it). */
function locate(text: string, path: string): { from: number; to: number } {
  const last = path.split("/").filter(Boolean).pop();
  if (last !== undefined && !/^\d+$/.test(last)) {
    const at = text.indexOf(JSON.stringify(last.replace(/~1/g, "/").replace(/~0/g, "~")) + ":");
    if (at >= 0) return { from: at, to: at + last.length + 2 };
  }
  return { from: 0, to: Math.min(text.length, 1) };
}

/** CodeMirror 6 editing JSON: syntax errors as you type, plus `problems` from the server underlined. */
export function JsonEditor({
  value,
  onChange,
  problems,
  label,
}: {
  value: string;
  onChange: (text: string) => void;
  problems: EditorProblem[];
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    view.current = new EditorView({
      doc: value,
      parent: host.current!,
      extensions: [
        basicSetup,
        json(),
        linter(jsonParseLinter(), { delay: 200 }),
        lintGutter(),
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChangeRef.current(u.state.doc.toString());
        }),
        EditorView.theme({ "&": { fontSize: "13px", maxHeight: "32rem" }, ".cm-scroller": { overflow: "auto" } }),
      ],
    });
    return () => view.current?.destroy();
    // The editor is created once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const text = v.state.doc.toString();
    const diagnostics: Diagnostic[] = problems.map((p) => ({ ...locate(text, p.path), severity: "error", message: `${p.path || "/"}: ${p.message}` }));
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [problems]);

  return <div ref={host} className="overflow-hidden rounded-md border border-zinc-300 bg-white text-zinc-900 dark:border-zinc-700" />;
}
