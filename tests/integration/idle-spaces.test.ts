// Issue 19: the idle-space inventory and positions with their 坐标系 in the imports.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { removeSpacePhoto, uploadSpacePhoto } from "../../app/lib/idle-space-photos.server";
import { loadSpacePage } from "../../app/lib/idle-space-pages.server";
import { createIdleSpace, editIdleSpace, importIdleSpaces, previewIdleSpaces } from "../../app/lib/idle-spaces.server";
import { importFacilities } from "../../app/lib/facility-import.server";
import { importNeighbourhoods } from "../../app/lib/neighbourhood-import.server";
import { readSheet } from "../../app/lib/spreadsheet.server";
import { importProblems } from "../../app/validation/import";
import { listIdleSpaces } from "../../db/repositories/idle-spaces";
import { fromWgs84 } from "../../workflows/coordinates";
import type { Actor } from "../../workflows/permissions";
import { databasePerTest } from "../support/database";
import { useTemporaryUploadDir } from "../support/uploads";

const QINGBOMEN = "330102001051";
const worker: Actor = { id: "w", role: "community_worker", scopeCode: QINGBOMEN };
const reviewer: Actor = { id: "r", role: "street_reviewer", scopeCode: "330102001" };
const districtAdmin: Actor = { id: "d", role: "district_admin", scopeCode: "330102" };
const otherWorker: Actor = { id: "o", role: "community_worker", scopeCode: "330102001052" };

const t = databasePerTest();
const uploads = useTemporaryUploadDir("hz-space-photos-");

const WGS = { lat: 30.24905, lng: 120.13745 };
const gcj = fromWgs84(WGS, "GCJ02");
const bd = fromWgs84(WGS, "BD09");
const HEADER = "社区代码,名称,地址,建筑面积,途径,经度,纬度,坐标系";
const sheetOf = (lines: string[]) => readSheet(Buffer.from([HEADER, ...lines].join("\n"), "utf8"), "空间.csv");

const form = (over: Record<string, unknown> = {}) => ({
  name: "湖悦公寓架空层",
  address: "清波街 1 号",
  areaM2: 240,
  owner: null,
  route: "retrofit" as const,
  status: "available" as const,
  costYuan: null,
  notes: null,
  lng: gcj.lng.toFixed(6),
  lat: gcj.lat.toFixed(6),
  system: "GCJ02" as const,
  ...over,
});

const audited = async (entityId: string) =>
  (await t.db.selectFrom("audit_log").select("action").where("entity_id", "=", entityId).execute()).map((a) => a.action).sort();

describe("the idle-space inventory", () => {
  it("a worker registers a space given in GCJ-02; it is stored in WGS-84 and audited; the street edits it", async () => {
    const created = await createIdleSpace(t.db, { actor: worker, ip: null }, { communityCode: QINGBOMEN, form: form() });
    expect(created.ok).toBe(true);
    const [space] = await listIdleSpaces(t.db, { level: "community", code: QINGBOMEN });
    expect(space).toMatchObject({ sourceSystem: "GCJ02", route: "retrofit", status: "available" });
    expect(Math.abs(space.lat - WGS.lat)).toBeLessThan(0.00002);
    expect(Math.abs(space.lng - WGS.lng)).toBeLessThan(0.00002);
    const edited = await editIdleSpace(t.db, { actor: reviewer, ip: null }, { communityCode: QINGBOMEN, spaceId: space.id, expectedVersion: 1, form: form({ status: "negotiating" }) });
    expect(edited.ok).toBe(true);
    const stale = await editIdleSpace(t.db, { actor: worker, ip: null }, { communityCode: QINGBOMEN, spaceId: space.id, expectedVersion: 1, form: form() });
    expect(stale).toMatchObject({ ok: false, status: 409 });
    const audit = await t.db.selectFrom("audit_log").select("action").where("entity_id", "=", space.id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["space.create", "space.update"]);
  });

  it("another community's worker and a district admin may not change it (403, audited)", async () => {
    expect(await createIdleSpace(t.db, { actor: otherWorker, ip: null }, { communityCode: QINGBOMEN, form: form() })).toMatchObject({ ok: false, status: 403 });
    const refused = await createIdleSpace(t.db, { actor: districtAdmin, ip: null }, { communityCode: QINGBOMEN, form: form() });
    expect(refused).toMatchObject({ ok: false, status: 403, message: "只有本社区的社区工作者或本街道的街道审核员可以维护存量空间台账。" });
    expect(await listIdleSpaces(t.db, { level: "community", code: QINGBOMEN })).toEqual([]);
  });

  it("a point outside Hangzhou is refused on its field", async () => {
    const outcome = await createIdleSpace(t.db, { actor: worker, ip: null }, { communityCode: QINGBOMEN, form: form({ lng: "121.47", lat: "31.23" }) });
    expect(outcome).toMatchObject({ ok: false, status: 400 });
    if (!outcome.ok) expect(outcome.errors?.lng).toMatch(/不在杭州市范围内/);
  });
});

describe("photos of a space", () => {
  const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0a1b1c50000000049454e44ae426082", "hex");
  const storedFiles = () => fs.readdirSync(uploads(), { recursive: true }).filter((f) => String(f).includes("."));

  it("the worker adds a photo, everyone in scope sees it on the space page, the street removes it; each change audited", async () => {
    const created = await createIdleSpace(t.db, { actor: worker, ip: null }, { communityCode: QINGBOMEN, form: form() });
    if (!created.ok) throw new Error(created.message);
    const at = { communityCode: QINGBOMEN, spaceId: created.spaceId };
    const filesBefore = storedFiles().length;
    expect(await uploadSpacePhoto(t.db, { actor: worker, ip: null }, { ...at, fileName: "../架空层.png", data: png })).toEqual({ ok: true, name: "架空层.png" });
    expect(storedFiles()).toHaveLength(filesBefore + 1);
    const place = { districtCode: "330102", streetCode: "330102001", communityCode: QINGBOMEN };
    const page = await loadSpacePage(t.db, districtAdmin, { code: QINGBOMEN, place }, created.spaceId);
    expect(page).toMatchObject({ canManage: false, photos: [{ name: "架空层.png", sizeBytes: png.byteLength }] });
    const removed = await removeSpacePhoto(t.db, { actor: reviewer, ip: null }, { ...at, photoId: page!.photos[0].id });
    expect(removed).toEqual({ ok: true, name: "架空层.png" });
    expect(storedFiles()).toHaveLength(filesBefore);
    expect(await audited(created.spaceId)).toEqual(["space.create", "space.photo.remove", "space.photo.upload"]);
  });

  it("only photos are taken (checked by their bytes), only from those who keep the inventory; a refused photo leaves no file", async () => {
    const created = await createIdleSpace(t.db, { actor: worker, ip: null }, { communityCode: QINGBOMEN, form: form() });
    if (!created.ok) throw new Error(created.message);
    const at = { communityCode: QINGBOMEN, spaceId: created.spaceId };
    const filesBefore = storedFiles().length;
    const pdf = await uploadSpacePhoto(t.db, { actor: worker, ip: null }, { ...at, fileName: "方案.pdf", data: Buffer.from("%PDF-1.4 test") });
    expect(pdf).toMatchObject({ ok: false, status: 400, errors: { file: expect.stringMatching(/只能上传照片/) } });
    expect(await uploadSpacePhoto(t.db, { actor: worker, ip: null }, { ...at, fileName: "假图.png", data: Buffer.from("not an image") })).toMatchObject({ ok: false, status: 400 });
    expect(await uploadSpacePhoto(t.db, { actor: districtAdmin, ip: null }, { ...at, fileName: "架空层.png", data: png })).toMatchObject({ ok: false, status: 403 });
    expect(await uploadSpacePhoto(t.db, { actor: otherWorker, ip: null }, { ...at, fileName: "架空层.png", data: png })).toMatchObject({ ok: false, status: 403 });
    expect(await uploadSpacePhoto(t.db, { actor: worker, ip: null }, { ...at, spaceId: "no-such-space", fileName: "架空层.png", data: png })).toMatchObject({ ok: false, status: 404 });
    expect(storedFiles()).toHaveLength(filesBefore);
    const denied = await t.db.selectFrom("audit_log").select("action").where("action", "=", "denied:manage:space").execute();
    expect(denied).toHaveLength(2);
  });
});

describe("importing spaces", () => {
  it("converts every system to WGS-84, and refuses a missing system and a point outside Hangzhou with row · column · reason", async () => {
    const sheet = await sheetOf([
      `${QINGBOMEN},甲,地址一,100,补改,${gcj.lng},${gcj.lat},GCJ-02`,
      `${QINGBOMEN},乙乙,地址二,200,转型,${bd.lng},${bd.lat},百度`,
      `${QINGBOMEN},丙丙,地址三,300,划转,${WGS.lng},${WGS.lat},`,
      `${QINGBOMEN},丁丁,地址四,300,划转,121.47,31.23,WGS-84`,
    ]);
    const preview = await previewIdleSpaces(t.db, { actor: worker, ip: null }, { sheet, source: "空间.csv" });
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.rows.map((r) => r.name)).toEqual(["乙乙"]);
    expect(Math.abs(preview.rows[0].lat - WGS.lat)).toBeLessThan(0.00005);
    expect(preview.problems).toEqual([
      { row: 2, column: "名称", reason: "空间名称至少 2 个字" },
      { row: 4, column: "坐标系", reason: expect.stringMatching(/^缺少坐标系/) },
      { row: 5, column: "经度", reason: expect.stringMatching(/不在杭州市范围内/) },
    ]);
    const refused = await importIdleSpaces(t.db, { actor: worker, ip: null }, { sheet, source: "空间.csv" });
    expect(refused).toMatchObject({ ok: false, status: 400 });
    if (!refused.ok) expect(importProblems(refused.errors ?? {})).toHaveLength(3);
    expect(await listIdleSpaces(t.db, { level: "city" })).toEqual([]);
  });

  it("a file-level system fills an empty 坐标系 column; a re-import updates instead of duplicating", async () => {
    const sheet = await sheetOf([`${QINGBOMEN},湖悦公寓架空层,清波街 1 号,240,补改,${gcj.lng},${gcj.lat},`]);
    expect(await importIdleSpaces(t.db, { actor: reviewer, ip: null }, { sheet, source: "空间.csv", defaultSystem: "GCJ02" })).toMatchObject({ ok: true, updated: 1 });
    expect(await importIdleSpaces(t.db, { actor: reviewer, ip: null }, { sheet, source: "空间.csv", defaultSystem: "GCJ02" })).toMatchObject({ ok: true, updated: 1 });
    const spaces = await listIdleSpaces(t.db, { level: "street", code: "330102001" });
    expect(spaces).toHaveLength(1);
    expect(Math.abs(spaces[0].lng - WGS.lng)).toBeLessThan(0.00002);
  });
});

describe("positions in the other imports", () => {
  it("a facility's GCJ-02 position is stored in WGS-84; one without a system is refused", async () => {
    const header = "社区代码,设施名称,服务领域,建筑面积,状态,经度,纬度,坐标系";
    const ok = await readSheet(Buffer.from(`${header}\n${QINGBOMEN},湖悦助餐点,社区助餐,80,运营中,${gcj.lng},${gcj.lat},高德`, "utf8"), "设施.csv");
    expect(await importFacilities(t.db, { actor: worker, ip: null }, { sheet: ok, source: "设施.csv" })).toMatchObject({ ok: true, updated: 1 });
    const row = await t.db.selectFrom("facilities").select(["lat", "lng"]).where("name", "=", "湖悦助餐点").executeTakeFirstOrThrow();
    expect(Math.abs(row.lat - WGS.lat)).toBeLessThan(0.00002);
    const missing = await readSheet(Buffer.from(`${header}\n${QINGBOMEN},另一助餐点,社区助餐,80,运营中,${gcj.lng},${gcj.lat},`, "utf8"), "设施.csv");
    const refused = await importFacilities(t.db, { actor: worker, ip: null }, { sheet: missing, source: "设施.csv" });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(importProblems(refused.errors ?? {})).toEqual([{ row: 2, column: "坐标系", reason: expect.stringMatching(/^缺少坐标系/) }]);
  });

  it("小区 are imported with their position converted from BD-09", async () => {
    const sheet = await readSheet(Buffer.from(`社区代码,小区名称,户数,经度,纬度,坐标系\n${QINGBOMEN},湖悦新苑,500,${bd.lng},${bd.lat},BD-09`, "utf8"), "小区.csv");
    expect(await importNeighbourhoods(t.db, { actor: worker, ip: null }, { sheet, source: "小区.csv" })).toMatchObject({ ok: true, updated: 1 });
    const row = await t.db.selectFrom("neighbourhoods").select(["lat", "lng", "is_demo_data"]).where("name", "=", "湖悦新苑").executeTakeFirstOrThrow();
    expect(Math.abs(row.lng - WGS.lng)).toBeLessThan(0.00005);
    expect(row.is_demo_data).toBe(0);
  });
});
