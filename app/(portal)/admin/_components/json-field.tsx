"use client";

import { useState } from "react";
import { Field, Textarea } from "@/components/ui/field";

/** A JSON sub-document edited as text inside a form; it reaches the draft only while it parses. */
export function JsonField({ label, hint, value, onChange, error, rows = 8 }: { label: string; hint?: string; value: unknown; onChange: (v: unknown) => void; error?: string; rows?: number }) {
  const [text, setText] = useState(() => (value === undefined || value === null ? "" : JSON.stringify(value, null, 2)));
  const [parseError, setParseError] = useState<string | null>(null);
  return (
    <Field label={label} hint={hint} error={parseError ?? error}>
      {(props) => (
        <Textarea
          {...props}
          rows={rows}
          className="font-mono text-xs"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (!e.target.value.trim()) {
              setParseError(null);
              onChange(undefined);
              return;
            }
            try {
              onChange(JSON.parse(e.target.value));
              setParseError(null);
            } catch (err) {
              setParseError(`Not valid JSON yet: ${err instanceof Error ? err.message : "it does not parse"}`);
            }
          }}
        />
      )}
    </Field>
  );
}
