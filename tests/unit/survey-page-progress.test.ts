// Issue 20, point 3: the resident sees "第 4 页 / 共 10 页" and the minutes left, and a household
// that needs nothing in a domain is not asked that domain's follow-ups.
import { describe, expect, it } from "vitest";
import { createResidentModel } from "../../app/components/survey/model";
import { pageProgress, progressText } from "../../app/components/survey/page-progress";
import { DOMAINS } from "../../workflows/glossary";
import { elementsOf, pagesOf } from "../../workflows/surveys/definition";
import { surveyTemplate } from "../../workflows/surveys/templates";
import { minutesLeft } from "../../workflows/surveys/time-left";

const template = surveyTemplate("needs_seven_domain");

function domainPage(domain: string) {
  const page = pagesOf(template).find((p) => p.name === domain);
  if (!page) throw new Error(`no page for ${domain}`);
  return elementsOf(page);
}

/** Question names a visibleIf expression reads. */
const reads = (expression: unknown) => [...String(expression ?? "").matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);

describe("the seven-domain template skips what a household does not need", () => {
  it("makes every follow-up after a domain's need question conditional on that need, directly or through another follow-up", () => {
    const unconditional: string[] = [];
    for (const domain of DOMAINS) {
      const elements = domainPage(domain);
      const need = `${domain}_need`;
      const at = elements.findIndex((e) => e.name === need);
      expect(at, `${domain} has a need question`).toBeGreaterThanOrEqual(0);
      const gated = new Set([need]);
      for (const followUp of elements.slice(at + 1)) {
        if (reads(followUp.visibleIf).some((name) => gated.has(name))) gated.add(String(followUp.name));
        else unconditional.push(String(followUp.name));
      }
      expect(gated.size, `${domain} has follow-ups`).toBeGreaterThan(1);
    }
    expect(unconditional).toEqual([]);
  });

  it("hides every follow-up of a domain once the household answers 不需要, even after it had said otherwise", () => {
    const model = createResidentModel(template);
    const stillAsked: string[] = [];
    for (const domain of DOMAINS) {
      const need = model.getQuestionByName(`${domain}_need`);
      expect(need.choices.find((c: { value: unknown }) => c.value === 0)?.text).toBe("不需要");
      // First a household that wants it and would pay, then it changes its mind.
      model.setValue(`${domain}_need`, 3);
      model.setValue(`${domain}_pay`, "paid");
      model.setValue(`${domain}_need`, 0);
      const names = domainPage(domain).map((e) => String(e.name));
      for (const name of names.slice(names.indexOf(`${domain}_need`) + 1)) {
        if (model.getQuestionByName(name).isVisible) stillAsked.push(name);
      }
    }
    model.dispose();
    expect(stillAsked).toEqual([]);
  });
});

describe("the resident's page line", () => {
  it("says which page of how many, and the minutes left from the questions still to answer", () => {
    const model = createResidentModel(template);
    const first = pageProgress(model);
    expect(first.page).toBe(1);
    // 您的家庭, 家里的孩子, six domains (儿童游憩 only with children), 意见和建议.
    expect(first.pages).toBe(9);
    expect(progressText(first)).toMatch(/^第 1 页 \/ 共 9 页 · 预计还需约 \d+ 分钟$/);
    // The template promises "大约10分钟" for a household that answers everything.
    expect(first.minutes).toBeGreaterThanOrEqual(4);
    expect(first.minutes).toBeLessThanOrEqual(12);

    model.setValue("hh_has_children", true);
    model.setValue("hh_children_0_3", 1);
    model.currentPageNo = 3;
    const later = pageProgress(model);
    expect(later).toMatchObject({ page: 4, pages: 10 });
    expect(progressText(later)).toMatch(/^第 4 页 \/ 共 10 页 · /);
    model.dispose();
  });

  it("counts the needs follow-ups only once they are asked, and nothing answered twice", () => {
    const model = createResidentModel(template);
    model.currentPageNo = 2;
    const before = pageProgress(model).minutes;
    for (const domain of DOMAINS) model.setValue(`${domain}_need`, 3);
    const needy = pageProgress(model).minutes;
    expect(needy).toBeGreaterThan(before);
    model.currentPageNo = model.visiblePageCount - 1;
    expect(pageProgress(model).minutes).toBe(1);
    model.setValue("comments", "希望老年食堂离家近一些。");
    expect(progressText(pageProgress(model))).toBe("第 9 页 / 共 9 页 · 都答完了，可以提交");
    model.dispose();
  });
});

describe("minutesLeft", () => {
  it("rounds up to whole minutes and says 0 only when nothing is left", () => {
    expect(minutesLeft([])).toBe(0);
    expect(minutesLeft([{ type: "radiogroup" }])).toBe(1);
    expect(minutesLeft(Array.from({ length: 12 }, () => ({ type: "radiogroup" })))).toBe(2);
    expect(minutesLeft([{ type: "comment" }, { type: "matrix", rows: 10 }])).toBe(3);
    expect(minutesLeft([{ type: "html" }])).toBe(0);
  });
});
