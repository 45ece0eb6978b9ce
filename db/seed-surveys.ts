// Demo needs surveys for 上城区 (the district of the demo accounts), closed 2025 rounds (清波门社区,
// DEMO_PREVIOUS_ROUND) included: the standard template with the community's 小区, and totals
// (tallies and response counts) as if households had answered. Marked 演示数据; there are no raw answers
// behind them, so their answer export is empty — the results page says so.
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import { NEIGHBOURHOOD_QUESTION, type QuestionSpec, setQuestionChoices } from "../workflows/surveys/definition";
import { compileAnswerValidator } from "../workflows/surveys/answers";
import { sampleNeedsAnswers, seededRandom } from "../workflows/surveys/sample-answers";
import { sumTallies, tallyDeltas, type TallyRow } from "../workflows/surveys/tallies";
import { SURVEY_TEMPLATES, surveyTemplate } from "../workflows/surveys/templates";
import { DEMO_SEED, randomStream, SCENARIO_COMMUNITY } from "./demo-data";
import { newId } from "./ids";
import { nowIso } from "./clock";
import type { Database } from "./schema";
import type { SurveyChannel } from "../workflows/glossary";

export const DEMO_SURVEY_DISTRICT = "330102";
const SAMPLES = 24;

export async function seedDemoSurveys(db: Kysely<Database>): Promise<void> {
  const cycles = await db
    .selectFrom("cycles as y")
    .innerJoin("communities as c", "c.code", "y.community_code")
    .select(["y.id", "y.stage", "y.year", "y.round", "y.stage_entered_at", "c.code", "c.households"])
    .where((eb) => eb.or([eb("c.district_code", "=", DEMO_SURVEY_DISTRICT), eb("c.code", "=", SCENARIO_COMMUNITY)]))
    .where("y.stage", "<>", "preparing")
    .orderBy("c.code")
    .execute();
  const neighbourhoods = await db
    .selectFrom("neighbourhoods as n")
    .innerJoin("communities as c", "c.code", "n.community_code")
    .select(["n.id", "n.name", "n.community_code"])
    .where((eb) => eb.or([eb("c.district_code", "=", DEMO_SURVEY_DISTRICT), eb("c.code", "=", SCENARIO_COMMUNITY)]))
    .orderBy("n.name")
    .execute();
  const template = surveyTemplate("needs_seven_domain");
  // Specs from the template once: the 小区 list differs per community but not how answers tally.
  const questions = compileAnswerValidator(template).questions;
  const now = nowIso();

  await db.transaction().execute(async (trx) => {
    for (const cycle of cycles) {
      const own = neighbourhoods.filter((n) => n.community_code === cycle.code);
      const definition = setQuestionChoices(template, NEIGHBOURHOOD_QUESTION, own.map((n) => ({ value: n.id, text: n.name })));
      // Keyed on the community and its round, not the generated cycle id: the same demo figures on every seed.
      const rand = randomStream(`${DEMO_SEED}:survey:${cycle.code}:${cycle.year}-${cycle.round}`);
      const surveying = cycle.stage === "surveying";
      const rate = surveying ? 0.05 + rand() * 0.35 : 0.3 + rand() * 0.3;
      const total = Math.max(SAMPLES, Math.round(cycle.households * rate));
      const opensAt = new Date(new Date(cycle.stage_entered_at).getTime() - (surveying ? 0 : 40) * 86_400_000);
      const surveyId = newId();
      await trx
        .insertInto("surveys")
        .values({
          id: surveyId,
          cycle_id: cycle.id,
          community_code: cycle.code,
          kind: "needs",
          title: SURVEY_TEMPLATES.needs_seven_domain.title,
          definition: JSON.stringify(definition),
          definition_version: 1,
          status: surveying ? "published" : "closed",
          public_token: crypto.randomBytes(9).toString("base64url"),
          open_link_enabled: 0,
          code_salt: crypto.randomBytes(24).toString("base64url"),
          opens_at: opensAt.toISOString(),
          closes_at: new Date(opensAt.getTime() + 21 * 86_400_000).toISOString(),
          published_at: opensAt.toISOString(),
          closed_at: surveying ? null : new Date(opensAt.getTime() + 21 * 86_400_000).toISOString(),
          version: 1,
          is_demo_data: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();

      const { tallies: summed, counts } = synthesiseSurveyTotals(questions, own.map((n) => n.id), total, seededRandom(Math.floor(rand() * 2 ** 31)));
      const tallies = summed.map((r) => ({ survey_id: surveyId, verified: 1 as const, ...r }));
      for (let i = 0; i < tallies.length; i += 200) await trx.insertInto("survey_tallies").values(tallies.slice(i, i + 200)).execute();
      await trx
        .insertInto("survey_response_counts")
        .values(
          counts.map((c) => ({ survey_id: surveyId, neighbourhood_id: c.neighbourhoodId, channel: c.channel, count: c.count })),
        )
        .execute();
    }
  });
}

/**
 * Totals as if `total` households had answered: SAMPLES plausible answer sets, each weighing
 * total / SAMPLES, with channels online / paper / assisted in a 17 : 6 : 1 mix.
 */
export function synthesiseSurveyTotals(
  questions: readonly QuestionSpec[],
  neighbourhoodIds: readonly string[],
  total: number,
  random: () => number,
): { tallies: TallyRow[]; counts: { neighbourhoodId: string; channel: SurveyChannel; count: number }[] } {
  const rows: TallyRow[] = [];
  const counts = new Map<string, { neighbourhoodId: string; channel: SurveyChannel; count: number }>();
  for (let i = 0; i < SAMPLES; i++) {
    const weight = Math.floor(total / SAMPLES) + (i < total % SAMPLES ? 1 : 0);
    if (weight === 0) continue;
    // sampleNeedsAnswers is checked against the validator in tests/unit/survey-tallies.test.ts.
    const answers = sampleNeedsAnswers(questions, neighbourhoodIds, random);
    for (const d of tallyDeltas(questions, answers)) rows.push({ ...d, count: d.count * weight, sum: d.sum * weight });
    const channel: SurveyChannel = i < 17 ? "online" : i < 23 ? "paper" : "assisted";
    const neighbourhoodId = String(answers[NEIGHBOURHOOD_QUESTION] ?? "");
    const key = `${neighbourhoodId}\u0000${channel}`;
    const count = counts.get(key) ?? { neighbourhoodId, channel, count: 0 };
    count.count += weight;
    counts.set(key, count);
  }
  return { tallies: sumTallies(rows), counts: [...counts.values()] };
}
