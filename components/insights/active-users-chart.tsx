"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const axis = { fontSize: 12, fill: "currentColor" };
const day = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-GB", { month: "short", day: "numeric", timeZone: "UTC" });

/** Active users per week, the period before in grey; the figures are in the table beside it as well. */
export function ActiveUsersChart({ weekly }: { weekly: { weekEnding: string; users: number; previous: boolean }[] }) {
  const data = weekly.map((w) => ({ at: `week to ${day(w.weekEnding)}`, Users: w.users, previous: w.previous }));
  return (
    <figure className="text-zinc-500">
      <figcaption className="mb-1 text-xs font-medium">Active users per week (grey: the period before)</figcaption>
      <div className="h-48">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
            <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} vertical={false} />
            <XAxis dataKey="at" tick={axis} minTickGap={24} tickFormatter={(v: string) => v.replace("week to ", "")} />
            <YAxis allowDecimals={false} tick={axis} />
            <Tooltip cursor={{ fillOpacity: 0.1 }} />
            <Bar dataKey="Users" isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.at} fill={d.previous ? "#a1a1aa" : "#6366f1"} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
