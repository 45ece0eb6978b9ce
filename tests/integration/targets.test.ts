import { describe, expect, it } from "vitest";
import { buildDashboard } from "../../app/lib/dashboard.server";
import { computeTargetProgress, loadTargets, saveTargets } from "../../app/lib/targets.server";
import { databasePerTest } from "../support/database";

const t = databasePerTest();

const cityAdmin = { actor: { id: "city", role: "city_admin" as const, scopeCode: null }, ip: "10.0.0.1" };

describe("the city's targets (二(二))", () => {
  it("default to the plan's 80 pilots and 80 共同体 for 2025", async () => {
    const targets = await loadTargets(t.db, 2025);
    expect(targets.set).toMatchObject({ pilots: 80, hubsBuilt: 80 });
    expect(targets.changed).toEqual([]);
  });

  it("a 市级管理员 raises the 2025 共同体 target and assigns 上城区 its own; dashboards follow", async () => {
    const saved = await saveTargets(t.db, cityAdmin, { year: 2025, city: { pilots: 80, hubsBuilt: 100 }, districts: { "330102": { hubsBuilt: 12 } } });
    expect(saved).toEqual({ ok: true });
    const { progress } = await computeTargetProgress(t.db, 2025);
    expect(progress.city.find((m) => m.measure === "hubsBuilt")?.target).toBe(100);
    const shangcheng = progress.districts.find((d) => d.code === "330102")!;
    expect(shangcheng.measures.find((m) => m.measure === "hubsBuilt")).toMatchObject({ target: 12, targetBasis: "assigned" });

    const dashboard = await buildDashboard(t.db, { level: "district", code: "330102" }, null);
    const row = dashboard.tables.find((x) => x.id === "targets")!.rows.find((r) => String(r.label).includes("共同体（新建或改建）"));
    expect(row?.target).toBe(12);
    const audit = await t.db.selectFrom("audit_log").select(["action", "entity_id"]).where("action", "=", "targets.set").execute();
    expect(audit).toEqual([{ action: "targets.set", entity_id: "2025" }]);
  });

  it("refuses district figures that add up to more than the city's, and writes nothing", async () => {
    const refused = await saveTargets(t.db, cityAdmin, {
      year: 2025,
      city: { pilots: 10, hubsBuilt: 80 },
      districts: { "330102": { pilots: 6 }, "330105": { pilots: 6 } },
    });
    expect(refused).toEqual({ ok: false, status: 400, message: "各区下达的试点社区目标合计 12，超过全市目标 10。" });
    expect((await loadTargets(t.db, 2025)).set.pilots).toBe(80);
  });
});
