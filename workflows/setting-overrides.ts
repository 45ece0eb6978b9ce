// Settings kept outside a policy profile (operating performance, 赛马 ranking, target
// apportionment) follow the profile's pattern: each figure is a NumberSetting, `default: true`
// marks our choice (shown as 默认值, editable), `default: false` a figure from the plan. Keys
// are dotted paths with a module prefix (`performance.weights.usage`), so overrides can sit in
// the same key → value store as the profile's own (`rules.…`, `settings.…`).
import type { NumberSetting } from "./policy/profile";

export type SettingOverrideValues = Readonly<Record<string, number>>;
/** A policy profile also has 是/否 settings (BooleanSetting); the mechanism is the same. */
export type SettingValue = number | boolean;
type AnySetting = Omit<NumberSetting, "value"> & { value: SettingValue };

export interface SettingInfo {
  key: string;
  label: string;
  unit?: string;
  note?: string;
  value: number;
  /** true: our configurable default (默认值); false: a figure from the plan, not editable. */
  default: boolean;
}

export function isNumberSetting(node: unknown): node is NumberSetting {
  return (
    typeof node === "object" &&
    node !== null &&
    "value" in node &&
    "default" in node &&
    "label" in node &&
    typeof node.value === "number" &&
    typeof node.default === "boolean"
  );
}

function isSetting(node: unknown): node is AnySetting {
  return isNumberSetting(node) || (typeof node === "object" && node !== null && "value" in node && "default" in node && "label" in node && typeof node.value === "boolean");
}

/** Every setting object below `node` with its dotted key, in declaration order. */
export function visitSettings(path: string, node: unknown, visit: (key: string, setting: AnySetting) => void): void {
  if (isSetting(node)) return visit(path, node);
  if (typeof node !== "object" || node === null || Array.isArray(node)) return;
  for (const [name, child] of Object.entries(node)) visitSettings(`${path}.${name}`, child, visit);
}

/** Every setting of a tree with its key, in declaration order. */
export function listSettingTree(prefix: string, tree: object): SettingInfo[] {
  const out: SettingInfo[] = [];
  visitSettings(prefix, tree, (key, s) => {
    if (typeof s.value !== "number") return;
    out.push({
      key,
      label: s.label,
      ...(s.unit ? { unit: s.unit } : {}),
      ...(s.note ? { note: s.note } : {}),
      value: s.value,
      default: s.default,
    });
  });
  return out;
}

/**
 * A copy of `tree` with the overrides applied. Only our defaults can change; unknown keys,
 * the plan's own figures, values of the wrong type and numbers that are negative or not
 * finite are left out and listed in `ignored`. The caller validates the result (weights,
 * bands) and explains in Chinese.
 */
export function overrideSettingTree<T extends object, V extends SettingValue = number>(
  prefix: string,
  tree: T,
  overrides: Readonly<Record<string, V>>,
): { settings: T; applied: Record<string, V>; ignored: string[] } {
  const settings = structuredClone(tree);
  const applied: Record<string, V> = {};
  const accepted = new Set<string>();
  visitSettings(prefix, settings, (key, setting) => {
    if (!(key in overrides)) return;
    const value = overrides[key];
    if (!setting.default || typeof value !== typeof setting.value) return;
    if (typeof value === "number" && (!Number.isFinite(value) || value < 0)) return;
    accepted.add(key);
    if (value === setting.value) return;
    setting.value = value;
    applied[key] = value;
  });
  // Keys of other modules (another prefix) are not ours to judge.
  const ignored = Object.keys(overrides)
    .filter((key) => key.startsWith(`${prefix}.`) && !accepted.has(key))
    .sort();
  return { settings, applied, ignored };
}

/** One of our figures (默认值): editable by the 市级管理员, shown with its label, unit and note. */
export function defaultSetting(value: number, label: string, unit?: string, note?: string): NumberSetting {
  return { value, default: true, label, ...(unit ? { unit } : {}), ...(note ? { note } : {}) };
}

export type AppliedSettings<T> = { ok: true; settings: T; applied: Record<string, number>; ignored: string[] } | { ok: false; message: string };

/** overrideSettingTree, then the module's own check of the combination (`problem`: why not, in Chinese). */
export function applySettingOverrides<T extends object>(
  prefix: string,
  base: T,
  overrides: SettingOverrideValues,
  problem: (settings: T) => string | null = () => null,
): AppliedSettings<T> {
  const { settings, applied, ignored } = overrideSettingTree(prefix, base, overrides);
  const reason = problem(settings);
  return reason ? { ok: false, message: reason } : { ok: true, settings, applied, ignored };
}
