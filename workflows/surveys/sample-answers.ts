// Plausible answer sets for the seven-domain needs template: demo data, previews, benchmarks
// and property tests. The skip logic is written out here on purpose, apart from the
// validator's, so each can catch the other's mistakes.
import { DOMAINS, type Domain } from "../glossary";
import type { AnswerValue } from "./answers";
import type { ChoiceValue, QuestionSpec } from "./definition";
import { seededRandom } from "../random";

export { seededRandom };

export type SampleAnswers = Record<string, AnswerValue>;

/**
 * One household's answers. `questions` are the template's specs (for the choice lists),
 * `neighbourhoods` the 小区 values filled in at publish time, `random` returns [0, 1).
 */
export function sampleNeedsAnswers(
  questions: readonly QuestionSpec[],
  neighbourhoods: readonly string[],
  random: () => number,
): SampleAnswers {
  const byName = new Map(questions.map((q) => [q.name, q]));
  const values = (name: string): ChoiceValue[] =>
    (byName.get(name)?.choices ?? []).filter((c) => !c.special).map((c) => c.value);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const a: SampleAnswers = {};

  a.hh_neighbourhood = pick(neighbourhoods);
  const elderly = random() < 0.45 ? int(1, 3) : 0;
  const hasChildren = random() < 0.35;
  const kids = hasChildren ? [int(0, 1), int(0, 1), int(0, 2)] : [0, 0, 0];
  if (hasChildren && kids[0] + kids[1] + kids[2] === 0) kids[2] = 1;
  a.hh_size = Math.min(20, elderly + kids[0] + kids[1] + kids[2] + int(elderly ? 0 : 1, 3));
  a.hh_members_60_plus = elderly;
  if (elderly > 0) a.hh_members_80_plus = int(0, elderly);
  a.hh_disability = random() < 0.1;
  a.hh_has_children = hasChildren;
  if (hasChildren) {
    a.hh_children_0_3 = kids[0];
    a.hh_children_3_6 = kids[1];
    a.hh_children_6_12 = kids[2];
  }

  for (const d of DOMAINS as readonly Domain[]) {
    if (d === "children_play" && !hasChildren) continue;
    const use = pick(values(`${d}_use`));
    a[`${d}_use`] = use;
    if (use === "often" || use === "sometimes") a[`${d}_satisfaction`] = int(1, 5);
    if (use !== "none_nearby") a[`${d}_walk_minutes`] = pick(values(`${d}_walk_minutes`));
    const need = int(0, 3);
    a[`${d}_need`] = need;
    if (need === 0) continue;
    a[`${d}_urgency`] = pick(values(`${d}_urgency`));
    const services = values(`${d}_services`).filter((s) => {
      if (s === "infant_care") return kids[0] > 0;
      if (s === "child_after_school") return kids[1] + kids[2] > 0;
      return true;
    });
    const chosen = services.filter(() => random() < 0.4);
    if (chosen.length) a[`${d}_services`] = chosen;
    const pay = pick(values(`${d}_pay`));
    a[`${d}_pay`] = pay;
    if (pay === "low_cost" || pay === "paid") a[`${d}_price_band`] = pick(values(`${d}_price_band`));
  }
  if (random() < 0.3) a.comments = "希望小区附近能有老年食堂，走路十分钟以内最好。";
  return a;
}

