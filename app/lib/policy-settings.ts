// The [默认值] settings of a policy profile as a flat list of keys, and how overrides apply.
// Pure and client-safe: the settings page and the evaluation use the same functions.
import {
  type BooleanSetting,
  type NumberSetting,
  type PolicyProfile,
  PolicyProfileSchema,
} from "../../workflows/policy/profile";

export type SettingValue = number | boolean;
export type SettingOverrides = Record<string, SettingValue>;

export interface SettingEntry {
  /** rules.<RULE_ID>.<name> or settings.<path>, e.g. rules.CIRCLE_15MIN.walkingDistanceM. */
  key: string;
  label: string;
  unit?: string;
  note?: string;
  kind: "number" | "boolean";
  /** The profile's own value. */
  defaultValue: SettingValue;
  /** true: our choice (默认值), editable; false: a figure from the plan. */
  editable: boolean;
  /** The rule it belongs to, for grouping on screen. */
  rule?: { id: string; clause: string; title: string };
}

type AnySetting = NumberSetting | BooleanSetting;

function isSetting(value: unknown): value is AnySetting {
  return (
    typeof value === "object" &&
    value !== null &&
    "value" in value &&
    "default" in value &&
    "label" in value &&
    (typeof value.value === "number" || typeof value.value === "boolean")
  );
}

/** Every setting object of the profile with its key, in profile order. */
function walkSettings(profile: PolicyProfile, visit: (key: string, setting: AnySetting, rule?: SettingEntry["rule"]) => void): void {
  for (const rule of profile.rules) {
    if (!("settings" in rule)) continue;
    for (const [name, setting] of Object.entries(rule.settings)) {
      if (isSetting(setting)) visit(`rules.${rule.id}.${name}`, setting, { id: rule.id, clause: rule.clause, title: rule.title });
    }
  }
  const walk = (path: string, node: unknown) => {
    if (isSetting(node)) return visit(path, node);
    if (typeof node !== "object" || node === null || Array.isArray(node)) return;
    for (const [name, child] of Object.entries(node)) walk(`${path}.${name}`, child);
  };
  walk("settings", profile.settings);
}

export function listSettings(profile: PolicyProfile): SettingEntry[] {
  const out: SettingEntry[] = [];
  walkSettings(profile, (key, setting, rule) => {
    out.push({
      key,
      label: setting.label,
      ...(setting.unit ? { unit: setting.unit } : {}),
      ...(setting.note ? { note: setting.note } : {}),
      kind: typeof setting.value === "boolean" ? "boolean" : "number",
      defaultValue: setting.value,
      editable: setting.default,
      ...(rule ? { rule } : {}),
    });
  });
  return out;
}

/**
 * Reads a typed-in value for a setting. Shares are 0–1 (a percentage like 80% is accepted),
 * other figures ≥ 0. Returns the value or the reason in Chinese.
 */
export function parseSettingValue(entry: SettingEntry, raw: string): { ok: true; value: SettingValue } | { ok: false; message: string } {
  const text = raw.trim();
  if (entry.kind === "boolean") {
    if (["1", "true", "是", "on"].includes(text)) return { ok: true, value: true };
    if (["0", "false", "否", "off", ""].includes(text)) return { ok: true, value: false };
    return { ok: false, message: `${entry.label}请选择“是”或“否”` };
  }
  if (text === "") return { ok: false, message: `请填写${entry.label}` };
  const percent = text.endsWith("%");
  const value = Number(percent ? text.slice(0, -1) : text) / (percent ? 100 : 1);
  if (!Number.isFinite(value)) return { ok: false, message: `${entry.label}须为数字` };
  if (value < 0) return { ok: false, message: `${entry.label}不能小于 0` };
  if (entry.unit === "share" && value > 1) return { ok: false, message: `${entry.label}须在 0 到 1（或 0% 到 100%）之间` };
  return { ok: true, value };
}

/**
 * The profile with the overrides applied. Unknown keys, settings that are the plan's own
 * figures and values of the wrong type are left out (and not reported as applied). The
 * result is validated again, so overrides can never produce a profile the engine refuses.
 */
export function applySettingOverrides(
  profile: PolicyProfile,
  overrides: SettingOverrides,
): { ok: true; profile: PolicyProfile; applied: SettingOverrides } | { ok: false; message: string } {
  const applied: SettingOverrides = {};
  const copy = structuredClone(profile);
  walkSettings(copy, (key, setting) => {
    if (!(key in overrides) || !setting.default) return;
    const value = overrides[key];
    if (typeof value !== typeof setting.value) return;
    if (value === setting.value) return;
    (setting as { value: SettingValue }).value = value;
    applied[key] = value;
  });
  const parsed = PolicyProfileSchema.safeParse(copy);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const reason =
      first?.message === "max must exceed min"
        ? "满意度最高分须大于最低分"
        : first?.message === "coverage + ownFacility weights must be positive"
          ? "住户覆盖率与自有设施的评分权重之和须大于 0"
          : `调整后的参数无效（${first?.path.join(".") ?? ""}）`;
    return { ok: false, message: reason };
  }
  return { ok: true, profile: parsed.data, applied };
}

/** Display of a setting value with its unit. */
export function formatSettingValue(entry: Pick<SettingEntry, "kind" | "unit">, value: SettingValue): string {
  if (typeof value === "boolean") return value ? "是" : "否";
  if (entry.unit === "share") return `${Math.round(value * 1000) / 10}%`;
  if (entry.unit === "m") return `${value} 米`;
  if (entry.unit === "score") return `${value} 分`;
  return String(value);
}
