"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DoraBucket } from "@/server/delivery/dora";

const axis = { fontSize: 12, fill: "currentColor" };
const day = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { month: "short", day: "numeric", timeZone: "UTC" });

/** Production deployments and failures per bucket, and the median lead time. */
export function DoraCharts({ series }: { series: DoraBucket[] }) {
  const data = series.map((b) => ({ at: day(b.start), Deployments: b.deployments, Failures: b.failures, "Lead time (h)": b.leadTimeHours === null ? null : Math.round(b.leadTimeHours * 10) / 10 }));
  return (
    <div className="grid gap-4 text-zinc-500 lg:grid-cols-2">
      <figure>
        <figcaption className="mb-1 text-xs font-medium">Deployments and failures</figcaption>
        <div className="h-48">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
              <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} vertical={false} />
              <XAxis dataKey="at" tick={axis} minTickGap={16} />
              <YAxis allowDecimals={false} tick={axis} />
              <Tooltip cursor={{ fillOpacity: 0.1 }} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="Deployments" fill="#16a34a" isAnimationActive={false} />
              <Bar dataKey="Failures" fill="#dc2626" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure>
        <figcaption className="mb-1 text-xs font-medium">Median lead time for changes (hours)</figcaption>
        <div className="h-48">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
              <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} vertical={false} />
              <XAxis dataKey="at" tick={axis} minTickGap={16} />
              <YAxis tick={axis} />
              <Tooltip />
              <Line type="monotone" dataKey="Lead time (h)" stroke="#6366f1" connectNulls dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}
