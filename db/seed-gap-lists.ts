// Seed step: demo communities in 街道审核 get a submitted 查漏补缺 list, those past it an
// approved one, generated from their stored evaluation (演示数据), so reviewers and
// dashboards have real lists to open. One snapshot each (the seed keeps the database
// small); no audit rows.
import type { Kysely } from "kysely";
import type { EvaluationInput, EvaluationResult } from "../workflows/evaluation";
import { type GapListSnapshot, toSnapshotItem } from "../workflows/gap-list";
import { gapCommunityFacts, generateGapItems, generationOptions } from "../workflows/gap-list-generation";
import { GAP_LIST_SETTINGS_ID, withGapListSettings } from "../workflows/gap-list-settings";
import { STAGES } from "../workflows/glossary";
import { loadBuiltInProfile, type PolicyProfile, PolicyProfileSchema } from "../workflows/policy/profile";
import { gapItemRow, gapListRow, gapListVersionRow, insertGapItems } from "./repositories/gap-lists";
import { findProfile, listSettingOverrides } from "./repositories/policy";
import type { Database } from "./schema";

/** The stages whose lists have been submitted (街道审核) or approved (after it). */
const STAGES_WITH_LISTS = STAGES.slice(STAGES.indexOf("street_review")).filter((s) => s !== "closed");

export async function seedDemoGapLists(db: Kysely<Database>): Promise<number> {
  const rows = await db
    .selectFrom("evaluations as e")
    .innerJoin("cycles as y", "y.id", "e.cycle_id")
    .leftJoin("gap_lists as l", "l.cycle_id", "y.id")
    .select(["e.id", "e.cycle_id", "e.community_code", "e.profile_id", "e.profile_version", "e.input", "e.result", "y.stage", "y.stage_entered_at"])
    .where("e.is_latest", "=", 1)
    .where("y.stage", "in", STAGES_WITH_LISTS)
    .where("l.id", "is", null)
    .orderBy("e.community_code")
    .execute();
  const overrides = await listSettingOverrides(db, GAP_LIST_SETTINGS_ID);
  const { settings, applied } = withGapListSettings(Object.fromEntries(overrides.flatMap((o) => (typeof o.value === "number" ? [[o.key, o.value]] : []))));
  const profiles = new Map<string, PolicyProfile>();
  // Read inside the transaction: SQLite has one connection, and the transaction holds it.
  const profileOf = async (trx: Kysely<Database>, id: string, version: number) => {
    const key = `${id}@${version}`;
    if (!profiles.has(key)) {
      const stored = await findProfile(trx, id, version);
      profiles.set(key, stored ? PolicyProfileSchema.parse(stored.data) : loadBuiltInProfile());
    }
    return profiles.get(key)!;
  };
  let stored = 0;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 100) {
      const lists = [];
      const items = [];
      const versions = [];
      for (const r of rows.slice(i, i + 100)) {
        const result = JSON.parse(r.result) as EvaluationResult;
        const facts = gapCommunityFacts(JSON.parse(r.input) as EvaluationInput, result);
        const drafts = generateGapItems(result, facts, generationOptions(await profileOf(trx, r.profile_id, r.profile_version), settings));
        const approved = r.stage !== "street_review";
        const at = r.stage_entered_at;
        const list = {
          ...gapListRow({
            cycleId: r.cycle_id,
            communityCode: r.community_code,
            evaluationId: r.id,
            profileId: r.profile_id,
            profileVersion: r.profile_version,
            settings: applied,
            status: approved ? "approved" : "submitted",
            isDemoData: true,
            createdBy: null,
            createdAt: at,
          }),
          submissions: 1,
          submitted_at: at,
          reviewed_at: approved ? at : null,
          approved_at: approved ? at : null,
        };
        const decision = approved ? { decision: "approve" as const, comment: null, decidedBy: null, decidedAt: at } : undefined;
        const itemRows = drafts.map((d, n) => gapItemRow(list.id, n + 1, d, { isDemoData: true, createdAt: at, decision }));
        const snapshot: GapListSnapshot = {
          status: list.status,
          returnComment: null,
          noGapReason: null,
          items: itemRows.map((row, n) =>
            toSnapshotItem({
              ...drafts[n],
              id: row.id,
              listId: list.id,
              position: row.position,
              status: "active",
              decision: decision?.decision ?? null,
              decisionComment: null,
              decidedBy: null,
              decidedAt: decision?.decidedAt ?? null,
              isDemoData: true,
            }),
          ),
        };
        lists.push(list);
        items.push(...itemRows);
        versions.push(gapListVersionRow({ listId: list.id, version: 1, reason: approved ? "approve" : "submit", note: "演示数据", snapshot, createdBy: null, createdAt: at }));
      }
      if (lists.length) await trx.insertInto("gap_lists").values(lists).execute();
      await insertGapItems(trx, items);
      if (versions.length) await trx.insertInto("gap_list_versions").values(versions).execute();
      stored += lists.length;
    }
  });
  return stored;
}
