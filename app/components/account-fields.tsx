import { SCOPE_KINDS } from "../../workflows/accounts";
import { ROLE_LABELS, type Role } from "../../workflows/glossary";
import { FieldError, fieldProps } from "./field-error";
import { CodeSelectField } from "./code-select";

/** Label · value pairs as the house's fact grid (or, with `className`, another layout of the same list). */
export function Facts({ items, className = "facts" }: { items: [string, string][]; className?: string }) {
  return (
    <dl className={className}>
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Role (only those the admin may grant) and the NBS code of its scope. */
export function RoleScopeFields({ roles, role, scopeCode, errors }: { roles: Role[]; role?: Role; scopeCode: string; errors: Record<string, string> }) {
  return (
    <>
      <CodeSelectField name="role" label="角色" codes={roles} labels={ROLE_LABELS} defaultValue={role} required errors={errors} />
      <div className="field">
        <label htmlFor="scopeCode">范围代码</label>
        <input id="scopeCode" name="scopeCode" inputMode="numeric" defaultValue={scopeCode} {...fieldProps("scopeCode", errors)} />
        <p className="muted">{roles.map((r) => `${ROLE_LABELS[r]}：${SCOPE_KINDS[r].digits ? `${SCOPE_KINDS[r].digits} 位${SCOPE_KINDS[r].label}代码` : "留空"}`).join("；")}</p>
        <FieldError name="scopeCode" errors={errors} />
      </div>
    </>
  );
}

/** The submit button of a filter form, aligned with the fields beside it. */
export function FilterButton() {
  return (
    <div className="field">
      <span aria-hidden="true">&nbsp;</span>
      <button type="submit" className="button button--secondary">
        筛选
      </button>
    </div>
  );
}
