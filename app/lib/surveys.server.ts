// Survey management for 社区工作者: create from a template or a previous round, edit the
// definition, publish (which starts the cycle's 需求调查 stage), extend, close, and issue
// household codes. Every change is one transaction with an audit row.
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { lockKey } from "../../db/dialect";
import { newId } from "../../db/ids";
import { nowIso } from "../../db/clock";
import {
  findSurvey,
  insertSurvey,
  type Survey,
  updateSurvey,
} from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import type { SurveyKind } from "../../workflows/glossary";
import { NEIGHBOURHOOD_QUESTION, type SurveyJson } from "../surveys/definition";
import { validateSurveyDefinition } from "../surveys/definition.server";
import { generateHouseholdCodes, MAX_HOUSEHOLD_CODES_PER_BATCH } from "../surveys/household-codes";
import { hashHouseholdCode, secureRandom } from "../surveys/household-codes.server";
import { setQuestionChoices } from "../surveys/definition";
import { SURVEY_TEMPLATES, surveyTemplate, type SurveyTemplateId } from "../surveys/templates";
import { applyCycleEvent } from "./cycles.server";
import type { Actor } from "../../workflows/permissions";

export interface Change {
  actor: Actor;
  ip: string | null;
}

export type SurveyResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; message: string; errors?: string[] };

const STALE_SURVEY_MESSAGE = "问卷已被他人修改，请刷新页面后重试。";

function randomToken(bytes: number): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

/** The community's 小区 as the choices of the household-profile question. */
async function withNeighbourhoods(db: Kysely<Database>, communityCode: string, definition: SurveyJson): Promise<SurveyJson> {
  const neighbourhoods = await db
    .selectFrom("neighbourhoods")
    .select(["id", "name"])
    .where("community_code", "=", communityCode)
    .orderBy("name")
    .execute();
  try {
    return setQuestionChoices(
      definition,
      NEIGHBOURHOOD_QUESTION,
      neighbourhoods.map((n) => ({ value: n.id, text: n.name })),
    );
  } catch {
    return definition; // a survey without the 小区 question is allowed
  }
}

export type SurveySource = { template: SurveyTemplateId } | { copyOf: string };

/** A new draft for the community's current round, from a template or an earlier survey. */
export async function createSurvey(
  db: Kysely<Database>,
  change: Change,
  communityCode: string,
  source: SurveySource,
): Promise<SurveyResult<Survey>> {
  return db.transaction().execute(async (trx) => {
    const cycle = await findCurrentCycle(trx, communityCode);
    if (!cycle) return { ok: false, status: 404, message: "该社区还没有体检周期。" };
    let kind: SurveyKind;
    let title: string;
    let definition: SurveyJson;
    if ("template" in source) {
      const template = SURVEY_TEMPLATES[source.template];
      kind = source.template === "feedback_post_build" ? "feedback" : "needs";
      title = template.title;
      definition = surveyTemplate(source.template);
    } else {
      const earlier = await findSurvey(trx, source.copyOf);
      if (!earlier || earlier.communityCode !== communityCode) return { ok: false, status: 404, message: "找不到要复制的问卷。" };
      kind = earlier.kind;
      title = earlier.title;
      definition = earlier.definition as SurveyJson;
    }
    const checked = validateSurveyDefinition(await withNeighbourhoods(trx, communityCode, definition));
    if (!checked.ok) return { ok: false, status: 400, message: "问卷内容有误。", errors: checked.errors };
    const id = await insertSurvey(trx, {
      cycleId: cycle.id,
      communityCode,
      kind,
      title,
      definition: checked.definition,
      publicToken: randomToken(9),
      codeSalt: randomToken(24),
    });
    const survey = (await findSurvey(trx, id))!;
    await writeAudit(trx, {
      actor: change.actor,
      action: "survey.create",
      entityType: "survey",
      entityId: id,
      after: { title, kind, source },
      ip: change.ip,
    });
    return { ok: true, value: survey };
  });
}

/** Saves an edited definition (builder or JSON import). Only drafts change; questions keep their names. */
export async function saveSurveyDefinition(
  db: Kysely<Database>,
  change: Change,
  surveyId: string,
  expectedVersion: number,
  input: { title: string; definition: unknown },
): Promise<SurveyResult<Survey>> {
  const checked = validateSurveyDefinition(input.definition);
  if (!checked.ok) return { ok: false, status: 400, message: "问卷内容有误，未保存。", errors: checked.errors };
  return db.transaction().execute(async (trx) => {
    const survey = await findSurvey(trx, surveyId);
    if (!survey) return { ok: false, status: 404, message: "找不到该问卷。" };
    if (survey.status !== "draft") return { ok: false, status: 409, message: "问卷已发布，不能再修改题目；如需调整，请复制为新问卷。" };
    const definition = await withNeighbourhoods(trx, survey.communityCode, checked.definition);
    if (!(await updateSurvey(trx, surveyId, expectedVersion, { title: input.title, definition }))) {
      return { ok: false, status: 409, message: STALE_SURVEY_MESSAGE };
    }
    await writeAudit(trx, {
      actor: change.actor,
      action: "survey.edit",
      entityType: "survey",
      entityId: surveyId,
      before: { title: survey.title, definitionVersion: survey.definitionVersion },
      after: { title: input.title, definitionVersion: survey.definitionVersion + 1 },
      ip: change.ip,
    });
    return { ok: true, value: (await findSurvey(trx, surveyId))! };
  });
}

export interface PublishInput {
  opensAt: string;
  closesAt: string;
  openLinkEnabled: boolean;
}

/**
 * Publishes a draft. Publishing the round's needs survey while the cycle is in 准备 also
 * starts the 需求调查 stage, in the same transaction.
 */
export async function publishSurvey(
  db: Kysely<Database>,
  change: Change,
  surveyId: string,
  expectedVersion: number,
  input: PublishInput,
): Promise<SurveyResult<Survey>> {
  if (input.closesAt <= input.opensAt) return { ok: false, status: 400, message: "截止时间须晚于开始时间。" };
  return db.transaction().execute(async (trx): Promise<SurveyResult<Survey>> => {
    const survey = await findSurvey(trx, surveyId);
    if (!survey) return { ok: false, status: 404, message: "找不到该问卷。" };
    if (survey.status !== "draft") return { ok: false, status: 409, message: "问卷已发布过。" };
    const checked = validateSurveyDefinition(survey.definition, { stage: "publish" });
    if (!checked.ok) return { ok: false, status: 400, message: "问卷还不能发布。", errors: checked.errors };
    const published = await updateSurvey(trx, surveyId, expectedVersion, {
      status: "published",
      opensAt: input.opensAt,
      closesAt: input.closesAt,
      openLinkEnabled: input.openLinkEnabled,
      publishedAt: nowIso(),
    });
    if (!published) return { ok: false, status: 409, message: STALE_SURVEY_MESSAGE };
    await writeAudit(trx, {
      actor: change.actor,
      action: "survey.publish",
      entityType: "survey",
      entityId: surveyId,
      after: input,
      ip: change.ip,
    });
    const cycle = await findCurrentCycle(trx, survey.communityCode);
    if (survey.kind === "needs" && cycle?.id === survey.cycleId && cycle.stage === "preparing") {
      await applyCycleEvent(trx, change, {
        communityCode: survey.communityCode,
        expectedVersion: cycle.version,
        command: { type: "START_SURVEY" },
      });
    }
    return { ok: true, value: (await findSurvey(trx, surveyId))! };
  }).catch((error: unknown): SurveyResult<Survey> => {
    if (error instanceof SurveyAbort) return { ok: false, status: error.status, message: error.message };
    throw error;
  });
}

/** Thrown inside a transaction to roll it back and answer with a message. */
class SurveyAbort extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** Changes the closing time of a published survey (extend, or close early); recorded with a reason. */
export async function rescheduleSurvey(
  db: Kysely<Database>,
  change: Change,
  surveyId: string,
  expectedVersion: number,
  input: { closesAt: string; reason: string },
): Promise<SurveyResult<Survey>> {
  return db.transaction().execute(async (trx) => {
    const survey = await findSurvey(trx, surveyId);
    if (!survey) return { ok: false, status: 404, message: "找不到该问卷。" };
    if (survey.status !== "published") return { ok: false, status: 409, message: "只有进行中的问卷可以调整截止时间。" };
    if (survey.opensAt && input.closesAt <= survey.opensAt) return { ok: false, status: 400, message: "截止时间须晚于开始时间。" };
    if (!(await updateSurvey(trx, surveyId, expectedVersion, { closesAt: input.closesAt }))) {
      return { ok: false, status: 409, message: STALE_SURVEY_MESSAGE };
    }
    const earlier = survey.closesAt !== null && input.closesAt < survey.closesAt;
    await writeAudit(trx, {
      actor: change.actor,
      action: earlier ? "survey.close_early" : "survey.extend",
      entityType: "survey",
      entityId: surveyId,
      before: { closesAt: survey.closesAt },
      after: { closesAt: input.closesAt, reason: input.reason },
      ip: change.ip,
    });
    return { ok: true, value: (await findSurvey(trx, surveyId))! };
  });
}

export interface IssuedCodes {
  batch: number;
  byNeighbourhood: { neighbourhoodId: string | null; name: string; codes: string[] }[];
}

/**
 * One code per household of each chosen 小区. Only the hashes are stored: the codes are
 * returned once, for printing the cut-out slips, and cannot be shown again.
 */
export async function issueHouseholdCodes(
  db: Kysely<Database>,
  change: Change,
  surveyId: string,
  neighbourhoodIds: string[],
  /** Set by the form that asks for the batch: a resubmitted form must not print a second batch. */
  requestId: string | null = null,
): Promise<SurveyResult<IssuedCodes>> {
  return db.transaction().execute(async (trx) => {
    // One batch at a time per survey: the batch number and the requestId check below are
    // read-then-write (several PostgreSQL connections; ADR 0006).
    await lockKey(trx, `household-codes:${surveyId}`);
    const survey = await findSurvey(trx, surveyId);
    if (!survey) return { ok: false, status: 404, message: "找不到该问卷。" };
    if (survey.status === "closed") return { ok: false, status: 409, message: "问卷已结束，不能再发放户码。" };
    if (requestId) {
      const done = await trx
        .selectFrom("audit_log")
        .select("id")
        .where("entity_id", "=", surveyId)
        .where("action", "=", "survey.household_codes")
        .where("after_json", "like", `%"requestId":"${requestId.replace(/[^A-Za-z0-9-]/g, "")}"%`)
        .executeTakeFirst();
      if (done) {
        return { ok: false, status: 409, message: "这批户码已经生成过，出于安全无法再次显示。如有遗失，请回到问卷页为该小区补发新的一批。" };
      }
    }
    const neighbourhoods = await trx
      .selectFrom("neighbourhoods")
      .select(["id", "name", "households"])
      .where("community_code", "=", survey.communityCode)
      .where("id", "in", neighbourhoodIds.length ? neighbourhoodIds : [""])
      .orderBy("name")
      .execute();
    if (neighbourhoods.length === 0) return { ok: false, status: 400, message: "请至少选择一个小区。" };
    const total = neighbourhoods.reduce((sum, n) => sum + n.households, 0);
    if (total > MAX_HOUSEHOLD_CODES_PER_BATCH) return { ok: false, status: 400, message: "一次生成的户码过多，请分小区生成。" };
    const last = await trx
      .selectFrom("household_codes")
      .select((eb) => eb.fn.max("batch").as("batch"))
      .where("survey_id", "=", surveyId)
      .executeTakeFirst();
    const batch = Number(last?.batch ?? 0) + 1;
    // Unique within the batch by construction; the (survey, hash) key catches the rare clash with an earlier batch.
    const codes = generateHouseholdCodes(total, secureRandom);
    const now = nowIso();
    const byNeighbourhood: IssuedCodes["byNeighbourhood"] = [];
    let offset = 0;
    for (const n of neighbourhoods) {
      const slice = codes.slice(offset, offset + n.households);
      offset += n.households;
      const rows = slice.map((code) => ({
        id: newId(),
        survey_id: surveyId,
        neighbourhood_id: n.id,
        code_hash: hashHouseholdCode(code, survey.codeSalt),
        batch,
        used_at: null,
        created_at: now,
      }));
      for (let i = 0; i < rows.length; i += 200) await trx.insertInto("household_codes").values(rows.slice(i, i + 200)).execute();
      byNeighbourhood.push({ neighbourhoodId: n.id, name: n.name, codes: slice });
    }
    await writeAudit(trx, {
      actor: change.actor,
      action: "survey.household_codes",
      entityType: "survey",
      entityId: surveyId,
      after: { batch, count: total, neighbourhoods: neighbourhoods.map((n) => n.name), requestId },
      ip: change.ip,
    });
    return { ok: true, value: { batch, byNeighbourhood } };
  });
}

/** Where a survey stands for residents right now. */
export function surveyAvailability(survey: Pick<Survey, "status" | "opensAt" | "closesAt">, now = nowIso()):
  | "open"
  | "draft"
  | "not_yet_open"
  | "closed" {
  if (survey.status === "draft") return "draft";
  if (survey.status === "closed") return "closed";
  if (survey.opensAt && now < survey.opensAt) return "not_yet_open";
  if (survey.closesAt && now >= survey.closesAt) return "closed";
  return "open";
}
