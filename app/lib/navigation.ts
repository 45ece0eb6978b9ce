import type { Role } from "../../workflows/glossary";

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

// The links more than one role has, each written once.
const COMMUNITY_LIST: NavItem = { to: "/communities", label: "社区列表" };
const MAP: NavItem = { to: "/map", label: "治理地图" };
const IMPORT: NavItem = { to: "/import", label: "数据导入" };
const ACCOUNTS: NavItem = { to: "/admin/users", label: "账号管理" };
const evaluate = (scope: string | null): NavItem => ({ to: `/evaluate/${scope}`, label: "批量评估" });
const siting = (scope: string | null): NavItem => ({ to: `/siting/${scope}`, label: "选址推演" });

/** What a 街道 reviewer and a 区 admin both have for their area (`areaPath`), in this order. */
const areaTools = (areaPath: string, scope: string | null): NavItem[] => [
  { to: `${areaPath}/ranking`, label: "赛马排名" },
  COMMUNITY_LIST,
  MAP,
  evaluate(scope),
  siting(scope),
  IMPORT,
];

/** Role-aware main navigation; each role starts from the place it is responsible for. */
export function navigationFor(user: { role: Role; scopeCode: string | null }): NavItem[] {
  const scope = user.scopeCode;
  switch (user.role) {
    case "community_worker":
      return [
        { to: `/communities/${scope}`, label: "我的社区", end: true },
        { to: `/communities/${scope}/spaces`, label: "存量空间" },
        siting(scope),
        IMPORT,
      ];
    case "street_reviewer":
      return [
        { to: `/streets/${scope}`, label: "本街道", end: true },
        { to: "/reviews", label: "待我审核" },
        { to: `/streets/${scope}/projects`, label: "建设项目" },
        ...areaTools(`/streets/${scope}`, scope),
      ];
    case "district_admin":
      return [
        { to: `/districts/${scope}`, label: "本区", end: true },
        { to: `/districts/${scope}/overdue`, label: "逾期节点" },
        ...areaTools(`/districts/${scope}`, scope),
        ACCOUNTS,
      ];
    case "city_admin":
      return [
        { to: "/city", label: "全市" },
        COMMUNITY_LIST,
        MAP,
        evaluate("city"),
        IMPORT,
        { to: "/targets", label: "目标设置" },
        { to: "/policy", label: "政策参数" },
        ACCOUNTS,
      ];
  }
}

/** Where a user lands after signing in. */
export function homePathFor(user: { role: Role; scopeCode: string | null }): string {
  return navigationFor(user)[0].to;
}
