import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { importCommunityFigures } from "../../app/lib/community-import.server";
import { createFacility, closeFacility } from "../../app/lib/facilities.server";
import { readSheet } from "../../app/lib/spreadsheet.server";
import { importProblems } from "../../app/validation/import";
import { listFacilities } from "../../db/repositories/facilities";
import { findCommunity } from "../../db/repositories/places";
import { onPostgres, databasePerTest } from "../support/database";

const t = databasePerTest();

const QINGBOMEN = "330102001051";
const worker = { id: "worker-1", role: "community_worker" as const, scopeCode: QINGBOMEN };
const city = { id: "city-1", role: "city_admin" as const, scopeCode: null };

describe("the seeded database", () => {
  it("holds every district, street and community of 市区 with official codes", async () => {
    const count = async (table: "districts" | "streets" | "communities") =>
      Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    expect(await count("districts")).toBe(10);
    expect(await count("streets")).toBe(143);
    expect(await count("communities")).toBe(2470);
    const qingbomen = await findCommunity(t.db, QINGBOMEN);
    expect(qingbomen).toMatchObject({ name: "清波门社区", street: { name: "清波街道" }, district: { name: "上城区" }, isDemoData: true });
  });

  // SQLite's own set-up (db/client.ts); PostgreSQL has no pragmas.
  it.skipIf(onPostgres)("is opened with WAL, foreign keys and a busy timeout", () => {
    const sqlite = t.sqlite!;
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);
  });
});

describe("facility changes", () => {
  const input = {
    name: "清波门社区助浴点",
    domain: "eldercare_childcare" as const,
    functions: ["elderly_care" as const],
    areaM2: 80,
    officeAreaM2: 0,
    status: "operating" as const,
    lat: 30.245,
    lng: 120.165,
    operator: null,
    operatingModel: null,
    pricing: "low_cost" as const,
    serviceLevel: "basic" as const,
    hubPart: false,
  };

  it("write the facility and its audit row together", async () => {
    const created = await createFacility(t.db, { actor: worker, ip: "10.0.0.9" }, { communityCode: QINGBOMEN, facility: input });
    if (!created.ok) throw new Error(created.message);
    const { facility } = created;
    const audit = await t.db.selectFrom("audit_log").selectAll().where("entity_id", "=", facility.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "facility.create", actor_user_id: "worker-1", ip: "10.0.0.9" });
    expect(JSON.parse(audit[0].after_json!)).toMatchObject({ name: "清波门社区助浴点", areaM2: 80 });

    await closeFacility(t.db, { actor: worker, ip: null }, { communityCode: QINGBOMEN, facilityId: facility.id });
    const closed = (await listFacilities(t.db, QINGBOMEN)).find((f) => f.id === facility.id);
    expect(closed?.status).toBe("closed");
  });

  it("leave nothing behind when refused: a community that does not exist, or one outside the worker's scope", async () => {
    const before = await t.db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(await createFacility(t.db, { actor: worker, ip: null }, { communityCode: "999999999999", facility: input })).toEqual({
      ok: false,
      status: 404,
      message: "找不到该社区/村。",
    });
    expect(await createFacility(t.db, { actor: worker, ip: null }, { communityCode: "330102001052", facility: input })).toMatchObject({ ok: false, status: 403 });
    expect((await listFacilities(t.db, "330102001052")).some((f) => f.name === input.name)).toBe(false);
    const after = await t.db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    // Only the refused attempt is kept (denied:edit:facility), nothing of the facility.
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });

  it("refuse to close a facility through another community", async () => {
    const created = await createFacility(t.db, { actor: worker, ip: null }, { communityCode: QINGBOMEN, facility: input });
    if (!created.ok) throw new Error(created.message);
    const neighbour = { id: "worker-2", role: "community_worker" as const, scopeCode: "330102001052" };
    expect(await closeFacility(t.db, { actor: neighbour, ip: null }, { communityCode: "330102001052", facilityId: created.facility.id })).toMatchObject({
      ok: false,
      status: 404,
    });
    expect((await listFacilities(t.db, QINGBOMEN)).find((f) => f.id === created.facility.id)?.status).toBe("operating");
  });
});

describe("import-communities", () => {
  const header = "社区代码,户数,常住人口,60岁以上占比,0-3岁占比,3-12岁占比,类型,试点,共同体";

  it("replaces demo figures with real ones and clears the demo mark", async () => {
    const sheet = await readSheet(Buffer.from(`${header}\n${QINGBOMEN},1880,4620,34.1%,0.03,0.08,既有,是,是\n`), "real.csv");
    const result = await importCommunityFigures(t.db, { actor: city, ip: null }, { sheet, source: "real.csv" });
    expect(result).toEqual({ ok: true, updated: 1 });
    expect(await findCommunity(t.db, QINGBOMEN)).toMatchObject({ households: 1880, share60Plus: 0.341, hasHub: true, isDemoData: false });
  });

  it("writes nothing when one row is wrong, and says where and why in Chinese", async () => {
    const csv = `${header}\n${QINGBOMEN},1880,4620,0.34,0.03,0.08,既有,是,是\n330102001052,一千,4620,0.34,0.03,0.08,老旧,是,是\n000000000000,100,200,0.3,0.03,0.08,既有,否,否\n`;
    const result = await importCommunityFigures(t.db, { actor: city, ip: null }, { sheet: await readSheet(Buffer.from(csv), "bad.csv"), source: "bad.csv" });
    if (result.ok) throw new Error("expected the file to be refused");
    const problems = importProblems(result.errors ?? {});
    expect(problems).toContainEqual({ row: 3, column: "户数", reason: "请填写户数（整数）" });
    expect(problems).toContainEqual({ row: 3, column: "类型", reason: "类型请填“新建”或“既有”" });
    expect(problems).toContainEqual({ row: 4, column: "社区代码", reason: "社区代码 000000000000 不在区划数据中" });
    expect((await findCommunity(t.db, QINGBOMEN))?.isDemoData).toBe(true);
  });

  it("reads XLSX as well, and refuses a file that is not one", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("社区");
    sheet.addRow(header.split(","));
    sheet.addRow([QINGBOMEN, 1700, 4300, 0.3, 0.03, 0.08, "既有", "是", "否"]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = await importCommunityFigures(t.db, { actor: city, ip: null }, { sheet: await readSheet(buffer, "real.xlsx"), source: "real.xlsx" });
    expect(result).toEqual({ ok: true, updated: 1 });
    await expect(readSheet(Buffer.from("not a zip"), "broken.xlsx")).rejects.toThrow("文件无法读取");
  });
});
