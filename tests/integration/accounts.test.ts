import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importAccounts, importErrorsOf, readAccountSheet } from "../../app/lib/account-import.server";
import { changeAccountRole, createAccount, resetAccountPassword, revokeOwnSessions, setUpFirstAdmin, unlockAccount } from "../../app/lib/accounts.server";
import { auditXlsx, loadAuditPage } from "../../app/lib/audit-pages.server";
import { login } from "../../app/lib/sign-in.server";
import { readSheet } from "../../app/lib/spreadsheet.server";
import { findAccount, listSessionsOf } from "../../db/repositories/users";
import { DEMO_PASSWORD } from "../../db/seed";
import type { Actor } from "../../workflows/permissions";
import { openTestDatabase, type TestDatabase } from "../support/database";

let t: TestDatabase;
let district: Actor;
let city: Actor;
beforeEach(async () => {
  t = openTestDatabase();
  const id = async (username: string) => (await t.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow()).id;
  district = { id: await id("shangcheng.admin"), role: "district_admin", scopeCode: "330102" };
  city = { id: await id("city.admin"), role: "city_admin", scopeCode: null };
});
afterEach(async () => {
  await t.cleanup();
});

const as = (actor: Actor) => ({ actor, ip: "10.0.0.9" });
const newWorker = { username: "li.na", displayName: "李娜", role: "community_worker" as const, scopeCode: "330102001052", phone: "13800000001" };

async function auditActions(entityId?: string) {
  let query = t.db.selectFrom("audit_log").select(["action", "actor_user_id", "entity_id", "before_json", "after_json", "ip"]).orderBy("created_at");
  if (entityId) query = query.where("entity_id", "=", entityId);
  return query.execute();
}

describe("a 区级管理员 manages the accounts of their district", () => {
  it("creates a 社区工作者 whose one-time password signs in once and must be replaced", async () => {
    const created = await createAccount(t.db, as(district), newWorker);
    if (!created.ok) throw new Error(created.message);
    const account = await findAccount(t.db, created.userId);
    expect(account).toMatchObject({ username: "li.na", role: "community_worker", mustChangePassword: true, active: true });
    const stored = await t.db.selectFrom("users").select("password_hash").where("id", "=", created.userId).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored.password_hash).not.toContain(created.oneTimePassword);
    expect(await login(t.db, { username: "li.na", password: created.oneTimePassword, ip: "10.5.0.1", https: false })).toMatchObject({ ok: true, mustChangePassword: true });
    expect(await auditActions(created.userId)).toEqual([
      expect.objectContaining({ action: "user.create", actor_user_id: district.id, ip: "10.0.0.9" }),
      expect.objectContaining({ action: "login" }),
    ]);
  });

  it("cannot create an account outside the district or grant 市级管理员 (403, audited)", async () => {
    expect(await createAccount(t.db, as(district), { ...newWorker, scopeCode: "330105001051" })).toMatchObject({ ok: false, status: 403 });
    expect(await createAccount(t.db, as(district), { ...newWorker, role: "city_admin", scopeCode: null })).toMatchObject({ ok: false, status: 403 });
    expect(await createAccount(t.db, as(district), { ...newWorker, role: "district_admin", scopeCode: "330102" })).toMatchObject({ ok: false, status: 403 });
    const denied = (await auditActions()).filter((a) => a.action.startsWith("denied:"));
    expect(denied.map((a) => [a.action, a.entity_id])).toEqual([
      ["denied:manage:staff", "330105001051"],
      ["denied:manage:admins", "city"],
      ["denied:manage:admins", "330102"],
    ]);
    expect(await t.db.selectFrom("users").select("id").where("username", "=", "li.na").executeTakeFirst()).toBeUndefined();
  });

  it("cannot move an account of the district out of it", async () => {
    const created = await createAccount(t.db, as(district), newWorker);
    if (!created.ok) throw new Error(created.message);
    const moved = await changeAccountRole(t.db, as(district), { userId: created.userId, expectedVersion: 1, role: "community_worker", scopeCode: "330105001051" });
    expect(moved).toMatchObject({ ok: false, status: 403 });
    const promoted = await changeAccountRole(t.db, as(district), { userId: created.userId, expectedVersion: 1, role: "street_reviewer", scopeCode: "330102001" });
    expect(promoted).toEqual({ ok: true });
    const role = (await auditActions(created.userId)).find((a) => a.action === "user.role")!;
    expect(JSON.parse(role.before_json!)).toEqual({ role: "community_worker", scopeCode: "330102001052" });
    expect(JSON.parse(role.after_json!)).toEqual({ role: "street_reviewer", scopeCode: "330102001" });
    expect(await changeAccountRole(t.db, as(district), { userId: created.userId, expectedVersion: 1, role: "community_worker", scopeCode: "330102001051" })).toMatchObject({
      ok: false,
      status: 409,
    });
  });

  it("refuses a malformed or unknown scope, a taken username, and changes to the admin's own account", async () => {
    expect(await createAccount(t.db, as(district), { ...newWorker, scopeCode: "330102001" })).toMatchObject({ ok: false, status: 400 });
    expect(await createAccount(t.db, as(district), { ...newWorker, scopeCode: "330102999999" })).toMatchObject({ ok: false, status: 400 });
    expect(await createAccount(t.db, as(district), { ...newWorker, username: "wang.laoshi" })).toMatchObject({ ok: false, status: 400 });
    const me = (await findAccount(t.db, city.id))!;
    expect(await changeAccountRole(t.db, as(city), { userId: city.id, expectedVersion: me.version, role: "district_admin", scopeCode: "330102" })).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it("resets a password: the old one stops working, a new one-time password works, sign-in limits are lifted", async () => {
    const worker = (await t.db.selectFrom("users").select(["id", "version"]).where("username", "=", "wang.laoshi").executeTakeFirstOrThrow());
    for (let i = 0; i < 6; i++) await login(t.db, { username: "wang.laoshi", password: `guess-${i}`, ip: "10.6.0.1", https: false });
    expect(await login(t.db, { username: "wang.laoshi", password: DEMO_PASSWORD, ip: "10.6.0.1", https: false })).toMatchObject({ status: 429 });
    expect(await unlockAccount(t.db, as(district), { userId: worker.id })).toEqual({ ok: true, cleared: 1 });
    const reset = await resetAccountPassword(t.db, as(district), { userId: worker.id, expectedVersion: worker.version });
    if (!reset.ok) throw new Error(reset.message);
    expect(await login(t.db, { username: "wang.laoshi", password: DEMO_PASSWORD, ip: "10.6.0.1", https: false })).toMatchObject({ status: 400 });
    expect(await login(t.db, { username: "wang.laoshi", password: reset.oneTimePassword, ip: "10.6.0.1", https: false })).toMatchObject({ ok: true, mustChangePassword: true });
  });
});

describe("bulk import", () => {
  const header = "用户名,姓名,角色,范围代码,手机";
  const sheet = (lines: string[]) => readSheet(Buffer.from([header, ...lines].join("\n") + "\n"), "accounts.csv");

  it("creates every account or none, reporting row · column · reason", async () => {
    const read = readAccountSheet(
      await sheet([
        "zhao.lei,赵磊,社区工作者,330102001052,",
        "qian.min,钱敏,街道审核员,330105001,13900000000", // another district
        "wang.laoshi,王老师,社区工作者,330102001051,", // taken
      ]),
    );
    expect(read.errors).toEqual([]);
    const outcome = await importAccounts(t.db, as(district), { rows: read.rows, source: "accounts.csv" });
    expect(outcome).toMatchObject({ ok: false, status: 400 });
    if (outcome.ok) return;
    expect(importErrorsOf(outcome)).toEqual([
      { row: 3, column: "范围代码", reason: "范围不在您管理的区域之内" },
      { row: 4, column: "用户名", reason: "该用户名已有账号" },
    ]);
    expect(await t.db.selectFrom("users").select("id").where("username", "=", "zhao.lei").executeTakeFirst()).toBeUndefined();
    expect((await auditActions()).map((a) => a.action)).toContain("denied:manage:staff");
  });

  it("reports bad cells before anything is checked against the database", async () => {
    const read = readAccountSheet(await sheet(["Zhao Lei,赵磊,管理员,33010200105,12345", "zhao.lei,,社区工作者,330102001052,", "zhao.lei,赵磊,社区工作者,330102001052,"]));
    expect(read.errors.map((e) => [e.row, e.column])).toEqual([
      [2, "用户名"],
      [2, "角色"],
      [2, "范围代码"],
      [2, "手机"],
      [3, "姓名"],
    ]);
  });

  it("returns one-time passwords once and stores only their hashes", async () => {
    const read = readAccountSheet(await sheet(["zhao.lei,赵磊,社区工作者,330102001052,", "sun.li,孙丽,street_reviewer,330102003,0571-87000000"]));
    const outcome = await importAccounts(t.db, as(district), { rows: read.rows, source: "accounts.csv" });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.slips).toEqual([
      { username: "zhao.lei", displayName: "赵磊", roleLabel: "社区工作者", scopeName: expect.stringMatching(/^上城区 清波街道 /), oneTimePassword: expect.stringMatching(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/) },
      { username: "sun.li", displayName: "孙丽", roleLabel: "街道审核员", scopeName: expect.stringMatching(/^上城区 /), oneTimePassword: expect.any(String) },
    ]);
    const rows = await t.db.selectFrom("users").selectAll().where("username", "in", ["zhao.lei", "sun.li"]).execute();
    expect(rows.every((r) => r.must_change_password === 1 && r.password_checked === 1)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(outcome.slips[0].oneTimePassword);
    expect((await auditActions()).filter((a) => a.action === "user.import")).toHaveLength(2);
  });
});

describe("the first 市级管理员 and the audit page", () => {
  it("setup refuses once a 市级管理员 exists", async () => {
    expect(await setUpFirstAdmin(t.db, { actor: { id: "console", role: "city_admin", scopeCode: null }, ip: null }, { username: "hz.admin", displayName: "管理员", password: null })).toMatchObject({
      ok: false,
      status: 409,
    });
  });

  it("shows a 区级管理员 only their district's account events", async () => {
    const inDistrict = await createAccount(t.db, as(district), newWorker);
    const elsewhere = await createAccount(t.db, as(city), { ...newWorker, username: "far.away", scopeCode: "330105001051" });
    expect(inDistrict.ok && elsewhere.ok).toBe(true);
    const seenByDistrict = await loadAuditPage(t.db, district, { page: 1 });
    expect(seenByDistrict.entries.map((e) => e.targetUsername)).toContain("li.na");
    expect(seenByDistrict.entries.map((e) => e.targetUsername)).not.toContain("far.away");
    // Asking for another district's scope does not widen it.
    const widened = await loadAuditPage(t.db, district, { page: 1, scope: "330105" });
    expect(widened.entries.map((e) => e.targetUsername)).not.toContain("far.away");
    const seenByCity = await loadAuditPage(t.db, city, { page: 1, what: "user.create" });
    expect(seenByCity.entries.map((e) => e.targetUsername).sort()).toEqual(["far.away", "li.na"]);
  });
});

describe("a user's own account", () => {
  it("ends one session or all of them, and audits it", async () => {
    for (const ip of ["10.8.0.1", "10.8.0.2", "10.8.0.3"]) expect(await login(t.db, { username: "city.admin", password: DEMO_PASSWORD, ip, https: false })).toMatchObject({ ok: true });
    const sessions = await listSessionsOf(t.db, city.id, new Date().toISOString());
    expect(sessions.map((s) => s.ip).sort()).toEqual(["10.8.0.1", "10.8.0.2", "10.8.0.3"]);
    expect(await revokeOwnSessions(t.db, as(city), { sessionId: sessions[0].id })).toEqual({ ok: true, ended: 1 });
    expect(await revokeOwnSessions(t.db, as(district), { sessionId: sessions[1].id })).toMatchObject({ ok: false, status: 404 });
    expect(await revokeOwnSessions(t.db, as(city), { all: true })).toEqual({ ok: true, ended: 2 });
    expect((await auditActions(city.id)).map((a) => a.action).filter((a) => a.startsWith("user."))).toEqual(["user.session_revoke", "user.sign_out_everywhere"]);
  });
});

describe("the audit export", () => {
  it("is an XLSX of the filtered rows, in Chinese", async () => {
    await createAccount(t.db, as(district), newWorker);
    const { body, rows } = await auditXlsx(t.db, district, { page: 1, what: "user." });
    expect(rows).toBe(1);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(2).text).toBe("操作");
    expect(sheet.getRow(2).getCell(2).text).toBe("创建账号");
    expect(sheet.getRow(2).getCell(5).text).toBe("李娜（li.na）");
  });
});
