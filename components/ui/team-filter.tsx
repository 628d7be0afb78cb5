import { Select } from "./field";

/** A labelled team picker for a report's filters; the empty choice (`everyone`) is no team. */
export function TeamFilter({ teams, value, onChange, everyone }: { teams: { id: string; title: string }[]; value: string; onChange: (team: string) => void; everyone: string }) {
  return (
    <label className="space-y-1">
      <span className="block text-zinc-500">Team</span>
      <Select aria-label="Team" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{everyone}</option>
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.title}
          </option>
        ))}
      </Select>
    </label>
  );
}
