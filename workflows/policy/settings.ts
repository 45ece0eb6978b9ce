// The [默认值] settings of a policy profile as a flat list of keys, and the profile new
// evaluations run with. Overrides apply through the one mechanism every module uses
// (workflows/setting-overrides.ts); the profile's rules are a list, so their settings are
// keyed by rule id: rules.<RULE_ID>.<name>, beside settings.<path>. Pure and client-safe.
import { overrideSettingTree, type SettingValue, visitSettings } from "../setting-overrides";
import { type PolicyProfile, PolicyProfileSchema } from "./profile";

export type { SettingValue };
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

/** The rules' settings as a tree keyed by rule id, so their keys read rules.<RULE_ID>.<name>. */
function ruleSettingTree(profile: PolicyProfile): Record<string, object> {
  return Object.fromEntries(profile.rules.flatMap((rule) => ("settings" in rule ? [[rule.id, rule.settings]] : [])));
}

export function listSettings(profile: PolicyProfile): SettingEntry[] {
  const out: SettingEntry[] = [];
  const add = (rule?: SettingEntry["rule"]) => (key: string, setting: { value: SettingValue; default: boolean; label: string; unit?: string; note?: string }) => {
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
  };
  for (const rule of profile.rules) {
    if ("settings" in rule) visitSettings(`rules.${rule.id}`, rule.settings, add({ id: rule.id, clause: rule.clause, title: rule.title }));
  }
  visitSettings("settings", profile.settings, add());
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
export function applyProfileOverrides(
  profile: PolicyProfile,
  overrides: SettingOverrides,
): { ok: true; profile: PolicyProfile; applied: SettingOverrides } | { ok: false; message: string } {
  const rules = overrideSettingTree("rules", ruleSettingTree(profile), overrides);
  const settings = overrideSettingTree("settings", profile.settings, overrides);
  const parsed = PolicyProfileSchema.safeParse({
    ...profile,
    rules: profile.rules.map((rule) => ("settings" in rule ? { ...rule, settings: rules.settings[rule.id] } : rule)),
    settings: settings.settings,
  });
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
  return { ok: true, profile: parsed.data, applied: { ...rules.applied, ...settings.applied } };
}

export interface ActivePolicy {
  /** The stored profile as written (its own values are the 默认值). */
  base: PolicyProfile;
  /** The profile the engine runs with: base + overrides. */
  effective: PolicyProfile;
  /** The overrides that took effect, { key: value }; recorded with every evaluation. */
  applied: SettingOverrides;
  /** The stored overrides, { key: value }. */
  overrides: SettingOverrides;
  /** false while the profile comes from the code (nothing stored yet). */
  stored: boolean;
}

/** The policy new evaluations use: the active profile with the stored overrides applied. */
export function resolvePolicy(base: PolicyProfile, overrides: SettingOverrides, stored: boolean): ActivePolicy {
  const applied = applyProfileOverrides(base, overrides);
  // Stored overrides were validated when saved; should a new profile version make them
  // inconsistent, run with the profile's own values rather than refuse to evaluate.
  if (!applied.ok) return { base, effective: base, applied: {}, overrides, stored };
  return { base, effective: applied.profile, applied: applied.applied, overrides, stored };
}

/** Display of a setting value with its unit. */
export function formatSettingValue(entry: Pick<SettingEntry, "kind" | "unit">, value: SettingValue): string {
  if (typeof value === "boolean") return value ? "是" : "否";
  if (entry.unit === "share") return `${Math.round(value * 1000) / 10}%`;
  if (entry.unit === "m") return `${value} 米`;
  if (entry.unit === "score") return `${value} 分`;
  return String(value);
}
