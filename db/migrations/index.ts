// Static list of migrations, so they bundle and run the same under tsx, vitest and the
// production build. Add new ones at the end; never edit a migration that has shipped.
import type { Migration } from "kysely";
import * as foundation from "./2026-11-29-01-foundation";
import * as cycles from "./2026-11-29-02-cycles";
import * as surveys from "./2026-11-29-03-surveys";
import * as evaluations from "./2026-11-29-04-evaluations";
import * as surveyTexts from "./2026-11-29-05-survey-texts";
import * as gapLists from "./2026-11-29-06-gap-lists";
import * as projects from "./2026-11-29-07-projects";
import * as cityTargets from "./2026-11-29-08-city-targets";
import * as accounts from "./2026-12-05-01-accounts";
import * as verifiedAnswers from "./2026-12-05-02-verified-answers";
import * as gapItemNames from "./2026-12-05-03-gap-item-names";
import * as idleSpaces from "./2026-12-05-04-idle-spaces";
import * as commentKeywords from "./2026-12-05-05-comment-keywords";
import * as publicLimits from "./2026-12-06-01-public-limits";
import * as settingLists from "./2026-12-06-03-setting-lists";

export const migrations: Record<string, Migration> = {
  "2026-11-29-01-foundation": foundation,
  "2026-11-29-02-cycles": cycles,
  "2026-11-29-03-surveys": surveys,
  "2026-11-29-04-evaluations": evaluations,
  "2026-11-29-05-survey-texts": surveyTexts,
  "2026-11-29-06-gap-lists": gapLists,
  "2026-11-29-07-projects": projects,
  "2026-11-29-08-city-targets": cityTargets,
  "2026-12-05-01-accounts": accounts,
  "2026-12-05-02-verified-answers": verifiedAnswers,
  "2026-12-05-03-gap-item-names": gapItemNames,
  "2026-12-05-04-idle-spaces": idleSpaces,
  "2026-12-05-05-comment-keywords": commentKeywords,
  "2026-12-06-01-public-limits": publicLimits,
  "2026-12-06-03-setting-lists": settingLists,
};
