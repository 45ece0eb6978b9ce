// The first page of a published survey as static HTML, so a resident sees and can start
// reading it before any survey code loads. Rendered once per survey version.
import { createHash } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import { Survey } from "survey-react-ui";
import { createResidentModel } from "../components/survey/model";
import { pageProgress, progressText } from "../components/survey/page-progress";

export interface StaticSurvey {
  html: string;
  /** Element id prefix (e.g. "sq_3") → question name, to carry over what was typed before the swap. */
  questionIds: Record<string, string>;
  /** "第 1 页 / 共 9 页 · 预计还需约 5 分钟": the line the running survey keeps up to date. */
  progress: string;
}

const cache = new Map<string, StaticSurvey>();
const INLINE_STYLE = /<style>([\s\S]*?)<\/style>/g;

let theme: { css: string; etag: string } | null = null;
/**
 * SurveyJS puts its theme variables (~170 KB) in an inline <style> on every render. The
 * static first page links them as one cacheable stylesheet instead (routes/survey-theme[.]css.ts).
 */
export function surveyThemeCss(): { css: string; etag: string } {
  if (!theme) {
    const model = createResidentModel({ elements: [{ type: "text", name: "probe" }] });
    const css = [...renderToStaticMarkup(<Survey model={model} />).matchAll(INLINE_STYLE)].map((m) => m[1]).join("\n");
    model.dispose();
    theme = { css, etag: `"${createHash("sha1").update(css).digest("hex").slice(0, 16)}"` };
  }
  return theme;
}

/**
 * `mobile` renders the phone layout SurveyJS would switch to in a narrow window, so the
 * interactive survey that replaces this markup on a phone does not shift it.
 */
export function renderFirstPage(key: string, definition: object, mobile: boolean): StaticSurvey {
  const cacheKey = `${key}:${mobile ? "m" : "d"}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const model = createResidentModel(definition);
  model.setIsMobile(mobile);
  const questionIds = Object.fromEntries(model.getAllQuestions().map((q) => [q.id, q.name]));
  // The theme's variables come from /survey-theme.css; the inline copy is dropped.
  const html = renderToStaticMarkup(<Survey model={model} />).replace(INLINE_STYLE, "");
  const rendered = { html, questionIds, progress: progressText(pageProgress(model)) };
  model.dispose();
  if (cache.size >= 64) cache.delete(cache.keys().next().value!);
  cache.set(cacheKey, rendered);
  return rendered;
}
