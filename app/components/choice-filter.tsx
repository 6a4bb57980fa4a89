/**
 * One select of a list's filter form, offered only when the user sees more than one value
 * for it: a filter whose only value is the user's own organization is noise ("Lembaga
 * diklat: Semua" with one institute). When it is not offered but its value is set (a link
 * into a filtered list), the value travels on as a hidden field.
 */
export function ChoiceFilter({
  id,
  name,
  label,
  anyLabel,
  value,
  choices,
}: {
  id: string;
  name: string;
  label: string;
  /** The empty choice: no filter ("Semua"). */
  anyLabel: string;
  value: string | null | undefined;
  choices: { value: string; label: string }[];
}) {
  if (choices.length < 2) return value ? <input type="hidden" name={name} value={value} /> : null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ''}>
        <option value="">{anyLabel}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}
