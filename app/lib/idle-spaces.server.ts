// The idle-space inventory's use cases (存量空间台账, issue 19): add and edit a space (community
// worker or street reviewer, in scope), and import a sheet of them. Positions are converted from
// the system they were given in to WGS-84 (workflows/coordinates.ts); each change is audited.
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { findIdleSpace, type IdleSpaceInput, insertIdleSpace, listIdleSpaceIdsByName, updateIdleSpace } from "../../db/repositories/idle-spaces";
import type { Database } from "../../db/schema";
import { resolvePosition } from "../../workflows/coordinates";
import type { IdleSpaceForm } from "../validation/idle-space";
import { SPACE_IMPORT_COLUMNS, SPACE_IMPORT_OPTIONAL, type SpaceImportRow, SpaceImportRowSchema } from "../validation/idle-space";
import type { ImportError, ImportReport } from "../validation/import";
import { auditImport, checkNamedRows, communityNameKey, importColumns, type ImportInput, importVerdict, rowsInScope } from "./import-rows.server";
import { authorize, type Change, communityPlace, type Outcome, refuse, runUseCase } from "./use-case.server";

const STALE_SPACE_MESSAGE = "该空间已被他人更新，请刷新页面后重试。";

/** The form's values with the position in WGS-84; 400 on the field that is wrong. */
function spaceOfForm(form: IdleSpaceForm): IdleSpaceInput {
  const position = resolvePosition({ lng: form.lng, lat: form.lat, system: form.system });
  if (!position.ok) refuse(400, position.reason, { [position.field]: position.reason });
  const { lng: _lng, lat: _lat, system, ...rest } = form;
  return { ...rest, lat: position.lat, lng: position.lng, sourceSystem: system };
}

export function createIdleSpace(db: Kysely<Database>, change: Change, input: { communityCode: string; form: IdleSpaceForm }): Promise<Outcome<{ spaceId: string }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "manage:space", await communityPlace(trx, input.communityCode));
    const space = spaceOfForm(input.form);
    const named = await listIdleSpaceIdsByName(trx, [input.communityCode]);
    if (named.some((s) => s.name === space.name)) refuse(400, "本社区已有同名的存量空间。", { name: "本社区已有同名的存量空间" });
    const spaceId = await insertIdleSpace(trx, input.communityCode, space, change.actor.id);
    await writeAudit(trx, { actor: change.actor, action: "space.create", entityType: "idle_space", entityId: spaceId, after: space, ip: change.ip });
    return { spaceId };
  });
}

export function editIdleSpace(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; spaceId: string; expectedVersion: number; form: IdleSpaceForm },
): Promise<Outcome<{ name: string }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "manage:space", await communityPlace(trx, input.communityCode));
    const before = await findIdleSpace(trx, input.spaceId);
    if (!before || before.communityCode !== input.communityCode) refuse(404, "找不到该存量空间。");
    if (before.version !== input.expectedVersion) refuse(409, STALE_SPACE_MESSAGE);
    const space = spaceOfForm(input.form);
    const named = await listIdleSpaceIdsByName(trx, [input.communityCode]);
    if (named.some((s) => s.name === space.name && s.id !== before.id)) refuse(400, "本社区已有同名的存量空间。", { name: "本社区已有同名的存量空间" });
    if (!(await updateIdleSpace(trx, before.id, before.version, space))) refuse(409, STALE_SPACE_MESSAGE);
    await writeAudit(trx, { actor: change.actor, action: "space.update", entityType: "idle_space", entityId: before.id, before, after: space, ip: change.ip });
    return { name: space.name };
  });
}

// ---------------------------------------------------------------------------------------
// Import

const columns = importColumns(SPACE_IMPORT_COLUMNS, SPACE_IMPORT_OPTIONAL);

/** A space read from a sheet, its position in WGS-84. */
export type ImportedSpace = { rowNumber: number; communityCode: string } & IdleSpaceInput;

async function readSpaceRows(trx: Kysely<Database>, change: Change, input: ImportInput) {
  const { sheet, mode, problems, parsedRows } = checkNamedRows<SpaceImportRow>(change, "spaces", input, columns, SpaceImportRowSchema, "空间");
  const rows: ImportedSpace[] = [];
  for (const { rowNumber, row, position } of await rowsInScope(trx, change, "spaces", input, columns, parsedRows, problems)) {
    if (!position) {
      problems.push({ row: rowNumber, column: columns.columnFor("lng", sheet.header), reason: "请填写经度和纬度（存量空间须有位置）" });
      continue;
    }
    const { lat: _lat, lng: _lng, system: _system, communityCode, ...rest } = row;
    rows.push({ rowNumber, communityCode, ...rest, lat: position.lat, lng: position.lng, sourceSystem: position.system });
  }
  problems.sort((a, b) => a.row - b.row);
  return { rows, problems, mode };
}

/** Checks a sheet and says what it would write, positions in WGS-84, with every problem; writes nothing. */
export function previewIdleSpaces(db: Kysely<Database>, change: Change, input: ImportInput): Promise<Outcome<{ rows: ImportedSpace[]; problems: ImportError[] }>> {
  return runUseCase(db, change, async (trx) => {
    const { rows, problems } = await readSpaceRows(trx, change, input);
    return { rows, problems };
  });
}

/** Adds spaces from a sheet, or updates the one of the same name in the same community. */
export function importIdleSpaces(db: Kysely<Database>, change: Change, input: ImportInput): Promise<Outcome<ImportReport>> {
  return runUseCase(db, change, async (trx) => {
    const { rows, problems, mode } = await readSpaceRows(trx, change, input);
    const report = importVerdict(problems, rows.length, mode);
    if (input.dryRun) return report;
    const named = await listIdleSpaceIdsByName(trx, [...new Set(rows.map((r) => r.communityCode))]);
    const existing = new Map(named.map((s) => [communityNameKey(s.communityCode, s.name), s]));
    const created: string[] = [];
    const updated: string[] = [];
    for (const { rowNumber: _row, communityCode, ...space } of rows) {
      const before = existing.get(communityNameKey(communityCode, space.name));
      if (before) {
        if (!(await updateIdleSpace(trx, before.id, before.version, space))) refuse(409, STALE_SPACE_MESSAGE);
        updated.push(before.id);
      } else {
        created.push(await insertIdleSpace(trx, communityCode, space, change.actor.id));
      }
    }
    await auditImport(trx, change, "spaces", input, { mode, created, updated }, problems);
    return report;
  });
}
