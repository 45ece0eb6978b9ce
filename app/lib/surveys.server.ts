// Survey management for 社区工作者: create from a template or a previous round, edit the
// definition, publish (which starts the cycle's 需求调查 stage), extend, close, and issue
// household codes. Each use case is one transaction with an audit row (ADR 0010).
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { lockKey } from "../../db/dialect";
import { nowIso } from "../../db/clock";
import {
  householdCodeRequestDone,
  insertHouseholdCodes,
  nextHouseholdCodeBatch,
} from "../../db/repositories/survey-household-codes";
import { findSurvey, insertSurvey, listNeighbourhoods, type Survey, updateSurvey } from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import type { SurveyKind } from "../../workflows/glossary";
import type { Place } from "../../workflows/permissions";
import { NEIGHBOURHOOD_QUESTION, plainText, setQuestionChoices, type SurveyJson } from "../../workflows/surveys/definition";
import { validateSurveyDefinition } from "../../workflows/surveys/definition.server";
import { generateHouseholdCodes, MAX_HOUSEHOLD_CODES_PER_BATCH } from "../../workflows/surveys/household-codes";
import { SURVEY_TEMPLATES, surveyTemplate, type SurveyTemplateId } from "../../workflows/surveys/templates";
import { withoutUnsafeNameCharacters } from "../validation/names";
import { definitionProblems, surveyTitleField } from "../validation/survey";
import { applyCycleEvent } from "./cycles.server";
import { hashHouseholdCode, secureRandom } from "./survey-household-codes.server";
import { authorize, type Change, communityPlace, type Outcome, refuse, runUseCase } from "./use-case.server";

const STALE_SURVEY_MESSAGE = "问卷已被他人修改，请刷新页面后重试。";

function randomToken(bytes: number): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

/** The survey to change and its place, for `authorize` (404 when there is none). */
export async function surveyToChange(trx: Kysely<Database>, surveyId: string): Promise<{ survey: Survey; place: Place }> {
  const survey = await findSurvey(trx, surveyId);
  if (!survey) refuse(404, "找不到该问卷。");
  return { survey, place: await communityPlace(trx, survey.communityCode) };
}

/** The community's 小区 as the choices of the household-profile question. */
async function withNeighbourhoods(db: Kysely<Database>, communityCode: string, definition: SurveyJson): Promise<SurveyJson> {
  const neighbourhoods = await listNeighbourhoods(db, communityCode);
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

export interface SurveyChanged {
  survey: Survey;
}

/** A new draft for the community's current round, from a template or an earlier survey. */
export function createSurvey(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; source: SurveySource },
): Promise<Outcome<SurveyChanged>> {
  const { communityCode, source } = input;
  return runUseCase(db, change, async (trx) => {
    authorize(change, "manage:survey", await communityPlace(trx, communityCode));
    const cycle = await findCurrentCycle(trx, communityCode);
    if (!cycle) refuse(404, "该社区还没有体检周期。");
    let kind: SurveyKind;
    let title: string;
    let definition: SurveyJson;
    if ("template" in source) {
      kind = source.template === "feedback_post_build" ? "feedback" : "needs";
      title = SURVEY_TEMPLATES[source.template].title;
      definition = surveyTemplate(source.template);
    } else {
      const earlier = await findSurvey(trx, source.copyOf);
      if (!earlier || earlier.communityCode !== communityCode) refuse(404, "找不到要复制的问卷。");
      kind = earlier.kind;
      // A title stored before titles became plain text (issue 20) is not carried on with its markup.
      const plain = withoutUnsafeNameCharacters(plainText(earlier.title)).trim();
      title = plain.length >= 2 ? plain : "问卷副本";
      definition = earlier.definition as SurveyJson;
    }
    const checked = validateSurveyDefinition(await withNeighbourhoods(trx, communityCode, definition));
    if (!checked.ok) refuse(400, "问卷内容有误。", definitionProblems(checked.errors));
    const id = await insertSurvey(trx, {
      cycleId: cycle.id,
      communityCode,
      kind,
      title,
      definition: checked.definition,
      publicToken: randomToken(9),
      codeSalt: randomToken(24),
    });
    await writeAudit(trx, {
      actor: change.actor,
      action: "survey.create",
      entityType: "survey",
      entityId: id,
      after: { title, kind, source },
      ip: change.ip,
    });
    return { survey: (await findSurvey(trx, id))! };
  });
}

/**
 * Saves an edited definition (builder or JSON import). Only drafts change; questions keep
 * their names. The definition is checked before the transaction: parsing and sanitising take
 * milliseconds, and on SQLite a transaction holds the one connection.
 */
export async function saveSurveyDefinition(
  db: Kysely<Database>,
  change: Change,
  input: { surveyId: string; expectedVersion: number; title: string; definition: unknown },
): Promise<Outcome<SurveyChanged>> {
  const checked = validateSurveyDefinition(input.definition);
  const title = surveyTitleField.safeParse(input.title);
  return runUseCase(db, change, async (trx) => {
    const { survey, place } = await surveyToChange(trx, input.surveyId);
    authorize(change, "manage:survey", place);
    if (!checked.ok) refuse(400, "问卷内容有误，未保存。", definitionProblems(checked.errors));
    if (!title.success) refuse(400, title.error.issues[0].message, { title: title.error.issues[0].message });
    if (survey.status !== "draft") refuse(409, "问卷已发布，不能再修改题目；如需调整，请复制为新问卷。");
    const definition = await withNeighbourhoods(trx, survey.communityCode, checked.definition);
    if (!(await updateSurvey(trx, survey.id, input.expectedVersion, { title: title.data, definition }))) refuse(409, STALE_SURVEY_MESSAGE);
    await writeAudit(trx, {
      actor: change.actor,
      action: "survey.edit",
      entityType: "survey",
      entityId: survey.id,
      before: { title: survey.title, definitionVersion: survey.definitionVersion },
      after: { title: title.data, definitionVersion: survey.definitionVersion + 1 },
      ip: change.ip,
    });
    return { survey: (await findSurvey(trx, survey.id))! };
  });
}

export interface PublishInput {
  surveyId: string;
  expectedVersion: number;
  opensAt: string;
  closesAt: string;
  openLinkEnabled: boolean;
}

/**
 * Publishes a draft. Publishing the round's needs survey while the cycle is in 准备 also
 * starts the 需求调查 stage, in the same transaction.
 */
export function publishSurvey(db: Kysely<Database>, change: Change, input: PublishInput): Promise<Outcome<SurveyChanged>> {
  const { surveyId, expectedVersion, ...schedule } = input;
  return runUseCase(db, change, async (trx) => {
    const { survey, place } = await surveyToChange(trx, surveyId);
    authorize(change, "manage:survey", place);
    if (survey.status !== "draft") refuse(409, "问卷已发布过。");
    if (schedule.closesAt <= schedule.opensAt) refuse(400, "截止时间须晚于开始时间。");
    const checked = validateSurveyDefinition(survey.definition, { stage: "publish" });
    if (!checked.ok) refuse(400, "问卷还不能发布。", definitionProblems(checked.errors));
    const published = await updateSurvey(trx, surveyId, expectedVersion, { status: "published", ...schedule, publishedAt: nowIso() });
    if (!published) refuse(409, STALE_SURVEY_MESSAGE);
    await writeAudit(trx, {
      actor: change.actor,
      action: "survey.publish",
      entityType: "survey",
      entityId: surveyId,
      after: schedule,
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
    return { survey: (await findSurvey(trx, surveyId))! };
  });
}

/** Changes the closing time of a published survey (extend, or close early); recorded with a reason. */
export function rescheduleSurvey(
  db: Kysely<Database>,
  change: Change,
  input: { surveyId: string; expectedVersion: number; closesAt: string; reason: string },
): Promise<Outcome<SurveyChanged>> {
  return runUseCase(db, change, async (trx) => {
    const { survey, place } = await surveyToChange(trx, input.surveyId);
    authorize(change, "manage:survey", place);
    if (survey.status !== "published") refuse(409, "只有进行中的问卷可以调整截止时间。");
    if (survey.opensAt && input.closesAt <= survey.opensAt) refuse(400, "截止时间须晚于开始时间。");
    if (!(await updateSurvey(trx, survey.id, input.expectedVersion, { closesAt: input.closesAt }))) refuse(409, STALE_SURVEY_MESSAGE);
    const earlier = survey.closesAt !== null && input.closesAt < survey.closesAt;
    await writeAudit(trx, {
      actor: change.actor,
      action: earlier ? "survey.close_early" : "survey.extend",
      entityType: "survey",
      entityId: survey.id,
      before: { closesAt: survey.closesAt },
      after: { closesAt: input.closesAt, reason: input.reason },
      ip: change.ip,
    });
    return { survey: (await findSurvey(trx, survey.id))! };
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
export function issueHouseholdCodes(
  db: Kysely<Database>,
  change: Change,
  input: {
    surveyId: string;
    neighbourhoodIds: string[];
    /** Set by the form that asks for the batch: a resubmitted form must not print a second batch. */
    requestId?: string | null;
  },
): Promise<Outcome<IssuedCodes>> {
  const { surveyId, requestId = null } = input;
  return runUseCase(db, change, async (trx) => {
    // One batch at a time per survey: the batch number and the requestId check below are
    // read-then-write (several PostgreSQL connections; ADR 0006).
    await lockKey(trx, `household-codes:${surveyId}`);
    const { survey, place } = await surveyToChange(trx, surveyId);
    authorize(change, "manage:survey", place);
    if (survey.status === "closed") refuse(409, "问卷已结束，不能再发放户码。");
    if (requestId && (await householdCodeRequestDone(trx, surveyId, requestId))) {
      refuse(409, "这批户码已经生成过，出于安全无法再次显示。如有遗失，请回到问卷页为该小区补发新的一批。");
    }
    const neighbourhoods = await listNeighbourhoods(trx, survey.communityCode, input.neighbourhoodIds);
    if (neighbourhoods.length === 0) refuse(400, "请至少选择一个小区。");
    const total = neighbourhoods.reduce((sum, n) => sum + n.households, 0);
    if (total > MAX_HOUSEHOLD_CODES_PER_BATCH) refuse(400, "一次生成的户码过多，请分小区生成。");
    const batch = await nextHouseholdCodeBatch(trx, surveyId);
    // Unique within the batch by construction; the (survey, hash) key catches the rare clash with an earlier batch.
    const codes = generateHouseholdCodes(total, secureRandom);
    const byNeighbourhood: IssuedCodes["byNeighbourhood"] = [];
    let offset = 0;
    for (const n of neighbourhoods) {
      const slice = codes.slice(offset, offset + n.households);
      offset += n.households;
      const codeHashes = slice.map((code) => hashHouseholdCode(code, survey.codeSalt));
      await insertHouseholdCodes(trx, { surveyId, neighbourhoodId: n.id, batch, codeHashes });
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
    return { batch, byNeighbourhood };
  });
}
