// The demo city's accounts, published in the README. Never created in production
// (db/seed.ts), and a production server refuses to start while any account still verifies
// against DEMO_PASSWORD (app/lib/production-check.server.ts).
export const DEMO_PASSWORD = "hz-demo-2026";

export const DEMO_USERS = [
  { username: "wang.laoshi", displayName: "王老师", role: "community_worker", scopeCode: "330102001051", scopeName: "上城区 清波街道 清波门社区" },
  { username: "chen.kezhang", displayName: "陈科长", role: "street_reviewer", scopeCode: "330102001", scopeName: "上城区 清波街道" },
  { username: "shangcheng.admin", displayName: "上城区管理员", role: "district_admin", scopeCode: "330102", scopeName: "上城区" },
  { username: "city.admin", displayName: "市级管理员", role: "city_admin", scopeCode: null, scopeName: "杭州市" },
] as const;
