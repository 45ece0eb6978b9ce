import type { Role } from "../../workflows/glossary";

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

/** Role-aware main navigation; each role starts from the place it is responsible for. */
export function navigationFor(user: { role: Role; scopeCode: string | null }): NavItem[] {
  switch (user.role) {
    case "community_worker":
      return [
        { to: `/communities/${user.scopeCode}`, label: "我的社区", end: true },
        { to: `/communities/${user.scopeCode}/spaces`, label: "存量空间" },
        { to: `/siting/${user.scopeCode}`, label: "选址推演" },
        { to: "/import", label: "数据导入" },
      ];
    case "street_reviewer":
      return [
        { to: `/streets/${user.scopeCode}`, label: "本街道", end: true },
        { to: "/reviews", label: "待我审核" },
        { to: `/streets/${user.scopeCode}/projects`, label: "建设项目" },
        { to: `/streets/${user.scopeCode}/ranking`, label: "赛马排名" },
        { to: "/communities", label: "社区列表" },
        { to: "/map", label: "治理地图" },
        { to: `/evaluate/${user.scopeCode}`, label: "批量评估" },
        { to: `/siting/${user.scopeCode}`, label: "选址推演" },
        { to: "/import", label: "数据导入" },
      ];
    case "district_admin":
      return [
        { to: `/districts/${user.scopeCode}`, label: "本区", end: true },
        { to: `/districts/${user.scopeCode}/overdue`, label: "逾期节点" },
        { to: `/districts/${user.scopeCode}/ranking`, label: "赛马排名" },
        { to: "/communities", label: "社区列表" },
        { to: "/map", label: "治理地图" },
        { to: `/evaluate/${user.scopeCode}`, label: "批量评估" },
        { to: `/siting/${user.scopeCode}`, label: "选址推演" },
        { to: "/import", label: "数据导入" },
        { to: "/admin/users", label: "账号管理" },
      ];
    case "city_admin":
      return [
        { to: "/city", label: "全市" },
        { to: "/communities", label: "社区列表" },
        { to: "/map", label: "治理地图" },
        { to: "/evaluate/city", label: "批量评估" },
        { to: "/import", label: "数据导入" },
        { to: "/targets", label: "目标设置" },
        { to: "/policy", label: "政策参数" },
        { to: "/admin/users", label: "账号管理" },
      ];
  }
}

/** Where a user lands after signing in. */
export function homePathFor(user: { role: Role; scopeCode: string | null }): string {
  return navigationFor(user)[0].to;
}
