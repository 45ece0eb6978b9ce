// Chinese names of account audit actions and how to show an audit row: shared by the pages,
// the XLSX export and the account page (client-safe).
export const ACCOUNT_ACTION_LABELS: Record<string, string> = {
  "user.create": "创建账号",
  "user.setup": "初始化市级管理员",
  "user.import": "批量导入账号",
  "user.update": "修改姓名/手机",
  "user.role": "修改角色/范围",
  "user.disable": "停用账号",
  "user.enable": "启用账号",
  "user.reset_password": "重置密码",
  "user.unlock": "解除登录限制",
  "user.password_change": "修改本人密码",
  "user.session_revoke": "退出一个登录设备",
  "user.sign_out_everywhere": "退出全部登录设备",
  login: "登录",
  logout: "退出登录",
  "denied:manage:staff": "被拒绝：管理街道/社区账号",
  "denied:manage:admins": "被拒绝：管理区级/市级管理员账号",
  "denied:view:accounts": "被拒绝：查看账号",
};

/** The filter's choices: an action, or a family of actions. */
export const ACCOUNT_ACTION_FILTERS: { value: string; label: string }[] = [
  { value: "user.", label: "全部账号变更" },
  ...Object.entries(ACCOUNT_ACTION_LABELS).map(([value, label]) => ({ value, label })),
  { value: "denied:", label: "全部被拒绝的操作" },
];

export function actionLabel(action: string): string {
  return ACCOUNT_ACTION_LABELS[action] ?? action;
}

/** before → after, in one line, for tables and the export. */
export function changeSummary(before: string | null, after: string | null): string {
  const parts: string[] = [];
  if (before) parts.push(`原：${before}`);
  if (after) parts.push(`新：${after}`);
  return parts.join("；");
}
