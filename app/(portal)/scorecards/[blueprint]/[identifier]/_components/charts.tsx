"use client";

import { Bar, BarChart, CartesianGrid, Cell, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, Area, AreaChart, Legend } from "recharts";

const axis = { fontSize: 12, fill: "currentColor" };

/** Entities per level. */
export function DistributionChart({ data }: { data: { level: string; count: number; fill: string }[] }) {
  return (
    <div className="h-56 text-zinc-500">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} vertical={false} />
          <XAxis dataKey="level" tick={axis} />
          <YAxis allowDecimals={false} tick={axis} />
          <Tooltip cursor={{ fillOpacity: 0.1 }} />
          <Bar dataKey="count" name="Entities" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.level} fill={d.fill} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

type Point = { at: string; counts: number[]; averageScore: number | null };

/** Level distribution (stacked areas) and average score over the snapshots. */
export function TrendChart({ levels, points }: { levels: { title: string; color: string }[]; points: Point[] }) {
  const data = points.map((p) => ({
    at: new Date(p.at).toLocaleDateString(undefined, { month: "short", day: "numeric" }),
    average: p.averageScore === null ? null : Math.round(p.averageScore * 10) / 10,
    ...Object.fromEntries(levels.map((l, i) => [l.title, p.counts[i] ?? 0])),
  }));
  return (
    <div className="space-y-2 text-zinc-500">
      <div className="h-40">
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} vertical={false} />
            <XAxis dataKey="at" tick={axis} />
            <YAxis allowDecimals={false} tick={axis} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {levels.map((l) => (
              <Area key={l.title} type="monotone" dataKey={l.title} stackId="levels" stroke={l.color} fill={l.color} fillOpacity={0.6} isAnimationActive={false} />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <div className="h-28">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} vertical={false} />
            <XAxis dataKey="at" tick={axis} />
            <YAxis domain={[0, 100]} tick={axis} />
            <Tooltip />
            <Line type="monotone" dataKey="average" name="Average score" stroke="#6366f1" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
