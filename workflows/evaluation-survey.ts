// The engine's facts of one community as the app keeps them: its figures, 小区 and facilities,
// and the needs survey's running totals (never the raw answers), which become the survey
// figures the engine reads.
import { demandFromTallies, demandKey, RESPONDENTS_KEY, satisfactionKey, type TallyRow } from "./surveys/tallies";
import type { CommunityFacts, EvaluationInput, FacilityFacts, NeighbourhoodFacts, SurveyFacts } from "./evaluation-types";
import { DOMAINS } from "./glossary";

/** The only survey_tallies rows the evaluation reads: respondents and the derived measures. */
export const EVALUATION_TALLY_QUESTIONS: readonly string[] = [
  RESPONDENTS_KEY,
  ...DOMAINS.flatMap((d) => [demandKey(d), satisfactionKey(d)]),
];

/**
 * The survey figures the engine reads, from the stored totals: demandFromTallies gives the
 * mean household demand and satisfaction per domain. The evidence names the tally measures
 * behind each figure.
 */
function surveyFactsFromTallies(tallies: readonly TallyRow[]): SurveyFacts | undefined {
  if (!tallies.length) return undefined;
  const demand = demandFromTallies(tallies);
  if (demand.respondents <= 0) return undefined;
  const domains: SurveyFacts["domains"] = {};
  for (const domain of DOMAINS) {
    const figures = demand.domains[domain];
    if (figures.demandIndex === null) continue;
    const satisfaction = figures.satisfaction === null ? undefined : Math.min(5, Math.max(1, figures.satisfaction));
    domains[domain] = {
      demandIndex: Math.min(1, Math.max(0, figures.demandIndex)),
      ...(satisfaction === undefined ? {} : { satisfaction }),
      questions: satisfaction === undefined ? [demandKey(domain)] : [demandKey(domain), satisfactionKey(domain)],
    };
  }
  return { respondents: demand.respondents, domains };
}

export function evaluationInputOf(facts: {
  community: CommunityFacts;
  neighbourhoods: readonly NeighbourhoodFacts[];
  facilities: readonly FacilityFacts[];
  tallies: readonly TallyRow[];
}): EvaluationInput {
  const survey = surveyFactsFromTallies(facts.tallies);
  return {
    community: facts.community,
    ...(facts.neighbourhoods.length ? { neighbourhoods: facts.neighbourhoods } : {}),
    facilities: facts.facilities,
    ...(survey ? { survey } : {}),
  };
}
