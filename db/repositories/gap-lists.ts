// Data access for the 查漏补缺 list: gap_lists, gap_items, gap_list_versions. JSON columns
// are parsed here and nowhere else.
import type { Kysely } from "kysely";
import type {
  FourSync,
  GapItem,
  GapItemBase,
  GapItemStatus,
  GapListSnapshot,
  GapListVersionReason,
  GapRationale,
} from "../../workflows/gap-list";
import { toSnapshotItem } from "../../workflows/gap-list";
import type { FundingSource, GapListStatus, ReviewDecision, Role } from "../../workflows/glossary";
import { newId } from "../ids";
import { nowIso } from "../clock";
import { camelCased, qualified } from "../rows";
import type { Database, GapItemRow, GapListRow, NewGapItemRow } from "../schema";

export type { GapItem };

export interface GapList {
  id: string;
  cycleId: string;
  communityCode: string;
  status: GapListStatus;
  version: number;
  evaluationId: string;
  profileId: string;
  profileVersion: number;
  settings: Record<string, number>;
  submissions: number;
  returnComment: string | null;
  noGapReason: string | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  approvedAt: string | null;
  isDemoData: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}


function toGapList(row: GapListRow): GapList {
  return {
    ...camelCased(row, [
      "id",
      "cycle_id",
      "community_code",
      "status",
      "version",
      "evaluation_id",
      "profile_id",
      "profile_version",
      "settings",
      "submissions",
      "return_comment",
      "no_gap_reason",
      "submitted_at",
      "reviewed_at",
      "approved_at",
      "is_demo_data",
      "created_by",
      "created_at",
      "updated_at",
    ]),
    settings: JSON.parse(row.settings) as Record<string, number>,
    isDemoData: row.is_demo_data === 1,
  };
}

function toGapItem(row: GapItemRow): GapItem {
  return {
    ...camelCased(row, [
      "id",
      "list_id",
      "position",
      "domain",
      "function",
      "approach",
      "target_area_m2",
      "service_level",
      "pricing",
      "operating_model",
      "estimated_cost",
      "cost_basis",
      "funding_sources",
      "priority",
      "rationale",
      "name",
      "candidate_site",
      "space_source",
      "notes",
      "hub_form",
      "four_sync",
      "status",
      "decision",
      "decision_comment",
      "decided_by",
      "decided_at",
      "is_demo_data",
    ]),
    fundingSources: JSON.parse(row.funding_sources) as FundingSource[],
    rationale: JSON.parse(row.rationale) as GapRationale,
    fourSync: row.four_sync === null ? null : (JSON.parse(row.four_sync) as FourSync),
    isDemoData: row.is_demo_data === 1,
  };
}

export async function findGapListOfCycle(db: Kysely<Database>, cycleId: string): Promise<GapList | null> {
  const row = await db.selectFrom("gap_lists").selectAll().where("cycle_id", "=", cycleId).executeTakeFirst();
  return row ? toGapList(row) : null;
}

/** Items of a list in list order; removed ones last (they stay for the record and can be restored). */
export async function listGapItems(db: Kysely<Database>, listId: string): Promise<GapItem[]> {
  const rows = await db
    .selectFrom("gap_items")
    .selectAll()
    .where("list_id", "=", listId)
    .orderBy("status")
    .orderBy("position")
    .orderBy("id")
    .execute();
  return rows.map(toGapItem);
}

export async function findGapItem(db: Kysely<Database>, listId: string, itemId: string): Promise<GapItem | null> {
  const row = await db.selectFrom("gap_items").selectAll().where("list_id", "=", listId).where("id", "=", itemId).executeTakeFirst();
  return row ? toGapItem(row) : null;
}

export interface NewGapList {
  cycleId: string;
  communityCode: string;
  evaluationId: string;
  profileId: string;
  profileVersion: number;
  settings: Record<string, number>;
  status?: GapListStatus;
  isDemoData?: boolean;
  createdBy: string | null;
  createdAt?: string;
}

export function gapListRow(list: NewGapList, id: string = newId()) {
  const now = list.createdAt ?? nowIso();
  return {
    id,
    cycle_id: list.cycleId,
    community_code: list.communityCode,
    status: list.status ?? "draft",
    version: 1,
    evaluation_id: list.evaluationId,
    profile_id: list.profileId,
    profile_version: list.profileVersion,
    settings: JSON.stringify(list.settings),
    submissions: 0,
    return_comment: null,
    no_gap_reason: null,
    submitted_at: null,
    reviewed_at: null,
    approved_at: null,
    is_demo_data: list.isDemoData ? (1 as const) : (0 as const),
    created_by: list.createdBy,
    created_at: now,
    updated_at: now,
  };
}

export async function insertGapList(db: Kysely<Database>, list: NewGapList): Promise<string> {
  const row = gapListRow(list);
  await db.insertInto("gap_lists").values(row).execute();
  return row.id;
}

function valueColumns(v: GapItemBase) {
  return {
    domain: v.domain,
    function: v.function,
    approach: v.approach,
    target_area_m2: v.targetAreaM2,
    service_level: v.serviceLevel,
    pricing: v.pricing,
    operating_model: v.operatingModel,
    estimated_cost: v.estimatedCost,
    cost_basis: v.costBasis,
    funding_sources: JSON.stringify(v.fundingSources),
    priority: v.priority,
    rationale: JSON.stringify(v.rationale),
    name: v.name,
    candidate_site: v.candidateSite,
    space_source: v.spaceSource,
    notes: v.notes,
    hub_form: v.hubForm,
    four_sync: v.fourSync === null ? null : JSON.stringify(v.fourSync),
  };
}

export interface ItemDecision {
  decision: ReviewDecision;
  comment: string | null;
  decidedBy: string | null;
  decidedAt: string;
}

export function gapItemRow(
  listId: string,
  position: number,
  values: GapItemBase,
  options: { isDemoData?: boolean; createdAt?: string; decision?: ItemDecision } = {},
) {
  const now = options.createdAt ?? nowIso();
  return {
    id: newId(),
    list_id: listId,
    position,
    ...valueColumns(values),
    status: "active" as const,
    decision: options.decision?.decision ?? null,
    decision_comment: options.decision?.comment ?? null,
    decided_by: options.decision?.decidedBy ?? null,
    decided_at: options.decision?.decidedAt ?? null,
    is_demo_data: options.isDemoData ? (1 as const) : (0 as const),
    created_at: now,
    updated_at: now,
  };
}

export async function insertGapItem(db: Kysely<Database>, listId: string, position: number, values: GapItemBase): Promise<string> {
  const row = gapItemRow(listId, position, values);
  await db.insertInto("gap_items").values(row).execute();
  return row.id;
}

/** Many items at once (a generated list, the seed), in chunks under the databases' parameter limits. */
export async function insertGapItems(db: Kysely<Database>, rows: readonly NewGapItemRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto("gap_items").values(rows.slice(i, i + 200)).execute();
}

/** Drops every item of a list (a draft generated again replaces its items). */
export async function deleteGapItems(db: Kysely<Database>, listId: string): Promise<void> {
  await db.deleteFrom("gap_items").where("list_id", "=", listId).execute();
}

/** Replaces an item's content; any decision on it is cleared (changed content needs a fresh look). */
export async function updateGapItemValues(db: Kysely<Database>, itemId: string, values: GapItemBase): Promise<void> {
  await db
    .updateTable("gap_items")
    .set({ ...valueColumns(values), decision: null, decision_comment: null, decided_by: null, decided_at: null, updated_at: nowIso() })
    .where("id", "=", itemId)
    .execute();
}

export async function setGapItemStatus(db: Kysely<Database>, itemId: string, status: GapItemStatus, position: number): Promise<void> {
  await db
    .updateTable("gap_items")
    .set({ status, position, decision: null, decision_comment: null, decided_by: null, decided_at: null, updated_at: nowIso() })
    .where("id", "=", itemId)
    .execute();
}

export async function setGapItemPositions(db: Kysely<Database>, positions: { id: string; position: number }[]): Promise<void> {
  for (const p of positions) await db.updateTable("gap_items").set({ position: p.position }).where("id", "=", p.id).execute();
}

export async function setGapItemDecision(db: Kysely<Database>, itemId: string, decision: ItemDecision | null): Promise<void> {
  await db
    .updateTable("gap_items")
    .set({
      decision: decision?.decision ?? null,
      decision_comment: decision?.comment ?? null,
      decided_by: decision?.decidedBy ?? null,
      decided_at: decision?.decidedAt ?? null,
    })
    .where("id", "=", itemId)
    .execute();
}

/** Clears the "return" decisions of a list (a resubmission brings those items back to the street). */
export async function clearReturnDecisions(db: Kysely<Database>, listId: string): Promise<void> {
  await db
    .updateTable("gap_items")
    .set({ decision: null, decision_comment: null, decided_by: null, decided_at: null })
    .where("list_id", "=", listId)
    .where("decision", "=", "return")
    .execute();
}

export type GapListUpdate = Partial<
  Pick<
    GapList,
    | "status"
    | "evaluationId"
    | "profileId"
    | "profileVersion"
    | "settings"
    | "submissions"
    | "returnComment"
    | "noGapReason"
    | "submittedAt"
    | "reviewedAt"
    | "approvedAt"
  >
>;

/** Bumps the list's version if it is still `expectedVersion`; false means someone else saved first (409). */
export async function bumpGapList(db: Kysely<Database>, id: string, expectedVersion: number, update: GapListUpdate = {}): Promise<boolean> {
  const result = await db
    .updateTable("gap_lists")
    .set((eb) => ({
      version: eb("version", "+", 1),
      updated_at: nowIso(),
      ...(update.status !== undefined ? { status: update.status } : {}),
      ...(update.evaluationId !== undefined ? { evaluation_id: update.evaluationId } : {}),
      ...(update.profileId !== undefined ? { profile_id: update.profileId } : {}),
      ...(update.profileVersion !== undefined ? { profile_version: update.profileVersion } : {}),
      ...(update.settings !== undefined ? { settings: JSON.stringify(update.settings) } : {}),
      ...(update.submissions !== undefined ? { submissions: update.submissions } : {}),
      ...(update.returnComment !== undefined ? { return_comment: update.returnComment } : {}),
      ...(update.noGapReason !== undefined ? { no_gap_reason: update.noGapReason } : {}),
      ...(update.submittedAt !== undefined ? { submitted_at: update.submittedAt } : {}),
      ...(update.reviewedAt !== undefined ? { reviewed_at: update.reviewedAt } : {}),
      ...(update.approvedAt !== undefined ? { approved_at: update.approvedAt } : {}),
    }))
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function gapListVersionRow(v: {
  listId: string;
  version: number;
  reason: GapListVersionReason;
  note: string | null;
  snapshot: GapListSnapshot;
  createdBy: string | null;
  createdAt?: string;
}) {
  return {
    id: newId(),
    list_id: v.listId,
    version: v.version,
    reason: v.reason,
    note: v.note,
    snapshot: JSON.stringify(v.snapshot),
    created_by: v.createdBy,
    created_at: v.createdAt ?? nowIso(),
  };
}

export async function insertGapListVersion(db: Kysely<Database>, v: Parameters<typeof gapListVersionRow>[0]): Promise<void> {
  await db.insertInto("gap_list_versions").values(gapListVersionRow(v)).execute();
}

/** The list as it now is, as a version keeps it. */
export async function gapListSnapshot(db: Kysely<Database>, listId: string): Promise<GapListSnapshot> {
  const row = await db.selectFrom("gap_lists").select(["status", "return_comment", "no_gap_reason"]).where("id", "=", listId).executeTakeFirstOrThrow();
  const items = await listGapItems(db, listId);
  return { status: row.status, returnComment: row.return_comment, noGapReason: row.no_gap_reason, items: items.map(toSnapshotItem) };
}

export interface GapListVersionEntry {
  version: number;
  reason: GapListVersionReason;
  note: string | null;
  createdBy: string | null;
  createdByName: string | null;
  createdByRole: Role | null;
  createdAt: string;
}

const VERSION_COLUMNS = ["version", "reason", "note", "created_by", "created_at"] as const;

/** The versions of a list, oldest first, without their snapshots. */
export async function listGapListVersions(db: Kysely<Database>, listId: string): Promise<GapListVersionEntry[]> {
  const rows = await db
    .selectFrom("gap_list_versions as v")
    .leftJoin("users as u", "u.id", "v.created_by")
    .select([...qualified("v", VERSION_COLUMNS), "u.display_name", "u.role"])
    .where("v.list_id", "=", listId)
    .orderBy("v.version")
    .execute();
  return rows.map((r) => ({ ...camelCased(r, VERSION_COLUMNS), createdByName: r.display_name, createdByRole: r.role }));
}

/** The newest snapshot made for `reason` (e.g. the last "return": what the street saw when it returned the list). */
export async function findLastSnapshot(
  db: Kysely<Database>,
  listId: string,
  reason: GapListVersionReason,
): Promise<{ version: number; createdAt: string; snapshot: GapListSnapshot } | null> {
  const row = await db
    .selectFrom("gap_list_versions")
    .select(["version", "created_at", "snapshot"])
    .where("list_id", "=", listId)
    .where("reason", "=", reason)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { version: row.version, createdAt: row.created_at, snapshot: JSON.parse(row.snapshot) as GapListSnapshot } : null;
}

/** For the cycle's guards: active items, and those without a final decision (a return is not final). */
export async function countGapItemsOfCycle(db: Kysely<Database>, cycleId: string): Promise<{ active: number; undecided: number }> {
  const row = await db
    .selectFrom("gap_items as i")
    .innerJoin("gap_lists as l", "l.id", "i.list_id")
    .select((eb) => [
      eb.fn.countAll<number>().as("active"),
      eb.fn.sum<number>(eb.case().when(eb.or([eb("i.decision", "is", null), eb("i.decision", "=", "return")])).then(1).else(0).end()).as("undecided"),
    ])
    .where("l.cycle_id", "=", cycleId)
    .where("i.status", "=", "active")
    .executeTakeFirstOrThrow();
  return { active: Number(row.active), undecided: Number(row.undecided ?? 0) };
}

export interface QueueCounts {
  listStatus: GapListStatus;
  items: number;
  undecided: number;
  submissions: number;
  noGapReason: string | null;
}

/** For the review queue: per community in 街道审核, its list's active and undecided item counts. */
export async function reviewQueueCounts(db: Kysely<Database>, communityCodes: readonly string[]): Promise<Map<string, QueueCounts>> {
  const out = new Map<string, QueueCounts>();
  for (let i = 0; i < communityCodes.length; i += 500) {
    const rows = await db
      .selectFrom("gap_lists as l")
      .innerJoin("cycles as y", "y.id", "l.cycle_id")
      .leftJoin("gap_items as i", (join) => join.onRef("i.list_id", "=", "l.id").on("i.status", "=", "active"))
      .select((eb) => [
        "l.community_code",
        "l.status",
        "l.submissions",
        "l.no_gap_reason",
        eb.fn.count<number>("i.id").as("items"),
        eb.fn.sum<number>(eb.case().when(eb.and([eb("i.id", "is not", null), eb("i.decision", "is", null)])).then(1).else(0).end()).as("undecided"),
      ])
      .where("y.stage", "=", "street_review")
      .where("l.community_code", "in", communityCodes.slice(i, i + 500))
      .groupBy(["l.community_code", "l.status", "l.submissions", "l.no_gap_reason"])
      .execute();
    for (const r of rows) {
      out.set(r.community_code, {
        listStatus: r.status,
        items: Number(r.items),
        undecided: Number(r.undecided ?? 0),
        submissions: r.submissions,
        noGapReason: r.no_gap_reason,
      });
    }
  }
  return out;
}
