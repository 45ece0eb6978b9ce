import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { importCommunityFigures } from "../../app/lib/community-import.server";
import { importFacilities } from "../../app/lib/facility-import.server";
import { uploadProblem } from "../../app/lib/import-rows.server";
import { templateCsv, templateXlsx } from "../../app/lib/import-templates.server";
import type { Outcome } from "../../app/lib/use-case.server";
import type { Actor } from "../../workflows/permissions";
import { readSheet, SheetReadError } from "../../app/lib/spreadsheet.server";
import { listFacilities } from "../../db/repositories/facilities";
import { findCommunity } from "../../db/repositories/places";
import { type ImportError, importProblems, type ImportReport, MAX_IMPORT_BYTES } from "../../app/validation/import";
import { databasePerTest } from "../support/database";

const QINGBOMEN = "330102001051";
const LAODONGLU = "330102001052";
const OTHER_DISTRICT = "330105001051";

const t = databasePerTest();

const districtAdmin: Actor = { id: "d", role: "district_admin", scopeCode: "330102" };
const city: Actor = { id: "c", role: "city_admin", scopeCode: null };

/** A refused file's problems, row · column · reason (and that it was refused as bad input). */
function problemsOf(result: Outcome<ImportReport>): ImportError[] {
  if (result.ok) throw new Error("expected the file to be refused");
  expect(result.status).toBe(400);
  return importProblems(result.errors ?? {});
}
const worker: Actor = { id: "w", role: "community_worker", scopeCode: QINGBOMEN };

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("数据");
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const facilityHeader = ["社区代码", "设施名称", "服务领域", "服务功能", "建筑面积", "办公面积", "状态", "纬度", "经度", "运营主体", "运营模式", "收费方式", "服务类别", "共同体组成部分", "坐标系"];

const auditCount = async (action: string) =>
  Number(
    (await t.db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).where("action", "=", action).executeTakeFirstOrThrow()).n,
  );

describe("a malformed XLSX", () => {
  it("is refused with a clear message before anything is read, by the upload check and by the reader", async () => {
    const notAZip = Buffer.from("社区代码,户数\n330102001051,100\n");
    expect(uploadProblem("社区.xlsx", notAZip, MAX_IMPORT_BYTES)).toBe(
      "文件扩展名为 .xlsx，但内容不是 Excel 工作簿：请在 Excel 或 WPS 中另存为 .xlsx 后重新上传。",
    );
    // A ZIP that is not a workbook gets past the magic bytes but not the reader.
    const zipButNotWorkbook = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
    expect(uploadProblem("社区.xlsx", zipButNotWorkbook, MAX_IMPORT_BYTES)).toBeNull();
    await expect(readSheet(zipButNotWorkbook, "社区.xlsx")).rejects.toThrow(SheetReadError);
    await expect(readSheet(zipButNotWorkbook, "社区.xlsx")).rejects.toThrow("文件无法读取，请确认它是有效的 XLSX 文件。");
    // A truncated real workbook.
    const real = await xlsx([facilityHeader]);
    await expect(readSheet(real.subarray(0, Math.floor(real.length / 2)), "设施.xlsx")).rejects.toThrow("文件无法读取");
  });

  it("other upload problems are named too: size, type, encoding", () => {
    expect(uploadProblem("a.xlsx", new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x50), MAX_IMPORT_BYTES)).toBe("文件超过 5 MB，请拆分后分批导入。");
    expect(uploadProblem("a.pdf", Buffer.from("%PDF"), MAX_IMPORT_BYTES)).toBe("不支持的文件类型“.pdf”：请上传 .xlsx 或 .csv 文件。");
    expect(uploadProblem("a.csv", Buffer.from([0xc9, 0xe7, 0xc7, 0xf8]), MAX_IMPORT_BYTES)).toMatch(/不是 UTF-8 编码/);
    expect(uploadProblem("a.csv", new Uint8Array(0), MAX_IMPORT_BYTES)).toMatch(/文件为空/);
  });

  it("with a sheet missing required columns is refused naming the columns", async () => {
    const sheet = await readSheet(await xlsx([["社区代码", "设施名称"], [QINGBOMEN, "某设施"]]), "设施.xlsx");
    const problems = problemsOf(await importFacilities(t.db, { actor: districtAdmin, ip: null }, { sheet, source: "设施.xlsx" }));
    expect(problems).toContainEqual({ row: 1, column: "服务领域", reason: "缺少列“服务领域”（或 domain）" });
    expect(problems).toContainEqual({ row: 1, column: "建筑面积", reason: "缺少列“建筑面积”（或 area_m2）" });
  });
});

describe("community figures", () => {
  const header = ["社区代码", "户数", "常住人口", "60岁以上占比", "0-3岁占比", "3-12岁占比", "类型", "试点", "共同体"];
  const rows = [
    header,
    [QINGBOMEN, 1880, 4620, "34%", 0.03, 0.08, "既有", "是", "是"],
    [LAODONGLU, "一千", 4620, 0.34, 0.03, 0.08, "既有", "否", "否"],
    [OTHER_DISTRICT, 900, 2000, 0.2, 0.03, 0.08, "既有", "否", "否"],
  ];

  it("all-or-nothing writes nothing when one row is bad, and lists row · column · reason", async () => {
    const sheet = await readSheet(await xlsx(rows), "社区.xlsx");
    const result = await importCommunityFigures(t.db, { actor: districtAdmin, ip: null }, { sheet, source: "社区.xlsx", mode: "all_or_nothing" });
    expect(problemsOf(result)).toEqual([
      { row: 3, column: "户数", reason: "请填写户数（整数）" },
      { row: 4, column: "社区代码", reason: "社区 330105001051 不在您的管辖范围内" },
    ]);
    expect((await findCommunity(t.db, QINGBOMEN))?.isDemoData).toBe(true);
    expect(await auditCount("communities.import")).toBe(0);
  });

  it("valid-rows mode writes only the good rows, reports the rest, and audits once", async () => {
    const sheet = await readSheet(await xlsx(rows), "社区.xlsx");
    const result = await importCommunityFigures(t.db, { actor: districtAdmin, ip: null }, { sheet, source: "社区.xlsx", mode: "valid_rows" });
    expect(result).toMatchObject({ ok: true, updated: 1 });
    if (!result.ok) return;
    expect(result.skipped?.map((e) => e.row)).toEqual([3, 4]);
    expect(await findCommunity(t.db, QINGBOMEN)).toMatchObject({ households: 1880, share60Plus: 0.34, isDemoData: false });
    expect((await findCommunity(t.db, LAODONGLU))?.isDemoData).toBe(true);
    expect(await auditCount("communities.import")).toBe(1);
  });

  it("are an admin's to import: a 社区工作者 or a 街道审核员 is refused (403) and the attempt audited", async () => {
    const sheet = await readSheet(await xlsx(rows), "社区.xlsx");
    const reviewer: Actor = { id: "r", role: "street_reviewer", scopeCode: "330102001" };
    for (const actor of [worker, reviewer]) {
      expect(await importCommunityFigures(t.db, { actor, ip: null }, { sheet, source: "社区.xlsx", mode: "valid_rows" })).toEqual({
        ok: false,
        status: 403,
        message: "只有区级或市级管理员可以导入数据。",
      });
    }
    expect(await auditCount("denied:import:data")).toBe(2);
    expect((await findCommunity(t.db, QINGBOMEN))?.isDemoData).toBe(true);
  });

  it("the downloadable template imports as it is", async () => {
    for (const [file, data] of [
      ["模板.xlsx", await templateXlsx("communities")],
      ["模板.csv", templateCsv("communities")],
    ] as const) {
      const result = await importCommunityFigures(t.db, { actor: city, ip: null }, { sheet: await readSheet(data, file), source: file, dryRun: true });
      expect(result).toEqual({ ok: true, updated: 1 });
    }
  });
});

describe("facilities", () => {
  const good = [QINGBOMEN, "清波门助浴点", "养老托育", "养老服务", 85, "", "运营中", "", "", "", "公建民营", "低偿", "", "否", ""];
  const labels = [QINGBOMEN, "清波门便民维修站", "housekeeping_convenience", "repair、快递/生鲜便民点", "60", "5", "planned", 30.2451, 120.1653, "某物业", "", "", "非基本", "是", "WGS-84"];
  const bad = [QINGBOMEN, "错误设施", "养老", "社区助餐", "50", "80", "开放", "", "", "", "", "", "", "", ""];

  it("all-or-nothing with one bad row writes nothing", async () => {
    const before = (await listFacilities(t.db, QINGBOMEN)).length;
    const sheet = await readSheet(await xlsx([facilityHeader, good, labels, bad]), "设施.xlsx");
    const problems = problemsOf(await importFacilities(t.db, { actor: worker, ip: null }, { sheet, source: "设施.xlsx" }));
    expect(problems).toContainEqual({
      row: 4,
      column: "服务领域",
      reason: "服务领域“养老”不是七大领域之一，可填：养老托育、社区助餐、家政便民、健康服务、体育健身、文化休闲、儿童游憩",
    });
    expect(problems).toContainEqual({ row: 4, column: "状态", reason: "状态“开放”无效，可填：运营中、规划中、已关闭" });
    expect((await listFacilities(t.db, QINGBOMEN)).length).toBe(before);
    expect(await auditCount("facilities.import")).toBe(0);
  });

  it("valid-rows mode adds the good rows (codes or labels), reports the bad one, and a re-import updates instead of duplicating", async () => {
    const before = (await listFacilities(t.db, QINGBOMEN)).length;
    const sheet = await readSheet(await xlsx([facilityHeader, good, labels, bad]), "设施.xlsx");
    const result = await importFacilities(t.db, { actor: worker, ip: null }, { sheet, source: "设施.xlsx", mode: "valid_rows" });
    expect(result).toMatchObject({ ok: true, updated: 2 });
    if (!result.ok) return;
    expect(new Set(result.skipped?.map((e) => e.row))).toEqual(new Set([4]));
    // Office area larger than the building is caught once the row is otherwise readable.
    const facilities = await listFacilities(t.db, QINGBOMEN);
    expect(facilities.length).toBe(before + 2);
    const bath = facilities.find((f) => f.name === "清波门助浴点")!;
    const community = (await findCommunity(t.db, QINGBOMEN))!;
    expect(bath).toMatchObject({ domain: "eldercare_childcare", functions: ["elderly_care"], status: "operating", operatingModel: "public_built_private_run", pricing: "low_cost", lat: community.lat, lng: community.lng, isDemoData: false });
    expect(facilities.find((f) => f.name === "清波门便民维修站")).toMatchObject({
      functions: ["repair", "parcel_grocery"],
      status: "planned",
      serviceLevel: "non_basic",
      hubPart: true,
      officeAreaM2: 5,
    });
    expect(await auditCount("facilities.import")).toBe(1);

    const again = await importFacilities(t.db, { actor: worker, ip: null }, { sheet: await readSheet(await xlsx([facilityHeader, [...good.slice(0, 4), 120, ...good.slice(5)]]), "设施.xlsx"), source: "设施.xlsx" });
    expect(again).toEqual({ ok: true, updated: 1 });
    const after = await listFacilities(t.db, QINGBOMEN);
    expect(after.length).toBe(before + 2);
    expect(after.find((f) => f.name === "清波门助浴点")?.areaM2).toBe(120);
  });

  it("a 社区工作者 cannot import into another community", async () => {
    const sheet = await readSheet(await xlsx([facilityHeader, [LAODONGLU, ...good.slice(1)]]), "设施.xlsx");
    const result = await importFacilities(t.db, { actor: worker, ip: null }, { sheet, source: "设施.xlsx", mode: "valid_rows" });
    expect(problemsOf(result)).toEqual([{ row: 2, column: "社区代码", reason: `社区 ${LAODONGLU} 不在您的管辖范围内` }]);
  });

  it("office area above the building area and functions of another domain are reported per row", async () => {
    const rows = [facilityHeader, [QINGBOMEN, "办公过大", "健康服务", "社区卫生服务站、社区助餐", 50, 80, "运营中", "", "", "", "", "", "", ""]];
    const result = await importFacilities(t.db, { actor: worker, ip: null }, { sheet: await readSheet(await xlsx(rows), "设施.xlsx"), source: "设施.xlsx" });
    expect(problemsOf(result)).toEqual([
      { row: 2, column: "办公面积", reason: "办公面积不能大于建筑面积" },
      { row: 2, column: "服务功能", reason: "服务功能不属于健康服务：社区助餐" },
    ]);
  });
});
