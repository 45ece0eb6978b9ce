// A filter's labelled <select> over a list that comes with the page (districts, streets,
// audit actions): "" first for all of them, then each option by its name.
import { CodeSelectField } from "./code-select";

export interface Option {
  value: string;
  label: string;
}

/** Places as options: by code, shown by name. */
export function placeOptions(places: readonly { code: string; name: string }[]): Option[] {
  return places.map((p) => ({ value: p.code, label: p.name }));
}

export function OptionSelectField({
  name,
  label,
  options,
  emptyLabel,
  defaultValue,
}: {
  name: string;
  label: string;
  options: readonly Option[];
  emptyLabel: string;
  defaultValue: string | null | undefined;
}) {
  const labels: Record<string, string> = Object.fromEntries(options.map((o) => [o.value, o.label]));
  return <CodeSelectField name={name} label={label} codes={options.map((o) => o.value)} labels={labels} emptyLabel={emptyLabel} defaultValue={defaultValue} />;
}
