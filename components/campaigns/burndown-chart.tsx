"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const axis = { fontSize: 12, fill: "currentColor" };
const day = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { month: "short", day: "numeric", timeZone: "UTC" });

/** Entities still open at each scorecard snapshot since the start, and now; the due date marked. */
export function BurndownChart({ points, dueAt }: { points: { at: string; remaining: number }[]; dueAt: string }) {
  const data = points.map((p) => ({ at: day(p.at), Open: p.remaining }));
  return (
    <figure className="text-zinc-500">
      <figcaption className="mb-1 text-xs font-medium">Entities still open (due {day(dueAt)})</figcaption>
      <div className="h-48">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
            <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} vertical={false} />
            <XAxis dataKey="at" tick={axis} minTickGap={16} />
            <YAxis allowDecimals={false} tick={axis} />
            <Tooltip />
            <ReferenceLine y={0} stroke="#16a34a" />
            <Line type="stepAfter" dataKey="Open" stroke="#6366f1" dot isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
