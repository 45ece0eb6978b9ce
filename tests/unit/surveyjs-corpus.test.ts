// The corpus of public SurveyJS definitions (tests/fixtures/surveyjs, issue 17): complete and
// documented, and run through `check-survey` — exactly the builder's import check — file by file.
import fs from "node:fs";
import { Model } from "survey-core";
import { describe, expect, it } from "vitest";
import { checkSurveyText } from "../../scripts/commands/check-survey";

const DIR = "tests/fixtures/surveyjs";
interface Entry {
  source: string;
  expected: "accept" | "refuse";
  reason?: string;
  note?: string;
  chinese: boolean;
}
const manifest = JSON.parse(fs.readFileSync(`${DIR}/manifest.json`, "utf8")) as Record<string, Entry>;
const readme = fs.readFileSync(`${DIR}/README.md`, "utf8");
const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".json") && f !== "manifest.json");
const accepted = files.filter((f) => manifest[f]?.expected === "accept");
const refused = files.filter((f) => manifest[f]?.expected === "refuse");

/** The feature names a manifest reason mentions: choicesByUrl, file, “emoji” … */
function namedFeatures(reason: string): string[] {
  return [...reason.matchAll(/（([A-Za-z]+)）|“([^”]+)”/g)].map((m) => m[1] ?? m[2]);
}

describe("public SurveyJS corpus", () => {
  it("has at least 60 definitions, five of them in Chinese, each in the manifest and the README", () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
    expect(Object.keys(manifest).sort()).toEqual([...files].sort());
    expect(Object.values(manifest).filter((m) => m.chinese).length).toBeGreaterThanOrEqual(5);
    for (const file of files) expect(readme).toContain(`\`${file}\``);
  });

  it("says why each refused definition is refused", () => {
    for (const entry of Object.values(manifest)) {
      expect(entry.source).not.toBe("");
      expect(entry.expected === "accept" || (entry.expected === "refuse" && Boolean(entry.reason))).toBe(true);
    }
  });

  it.each(files)("%s is JSON that survey-core loads", (file) => {
    const json = JSON.parse(fs.readFileSync(`${DIR}/${file}`, "utf8"));
    expect(() => new Model(json).dispose()).not.toThrow();
  });

  it.each(accepted)("check-survey accepts %s (only standard question types and features)", (file) => {
    const out = checkSurveyText(fs.readFileSync(`${DIR}/${file}`, "utf8"));
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const { definition, warnings, renamed } = JSON.parse(out.stdout);
    expect(definition.pages.length).toBeGreaterThan(0);
    expect(Array.isArray(warnings)).toBe(true);
    expect(typeof renamed).toBe("object");
  });

  it.each(refused)("check-survey refuses %s, naming every reason in the manifest", (file) => {
    const out = checkSurveyText(fs.readFileSync(`${DIR}/${file}`, "utf8"));
    expect(out.code).toBe(2);
    expect(out.stdout).toBe("");
    for (const feature of namedFeatures(manifest[file].reason!)) expect(out.stderr).toContain(feature);
  });

  it("never crashes and never answers other than 0 or 2, even on cut-off or garbled files", () => {
    for (const file of files) {
      const text = fs.readFileSync(`${DIR}/${file}`, "utf8");
      for (const broken of [text.slice(0, Math.floor(text.length / 2)), text.replace(/"/g, "'"), text.replace(/[{}]/g, "")]) {
        const out = checkSurveyText(broken);
        expect(out.code).toBe(2);
        expect(out.stderr).toMatch(/问卷未通过检查/);
      }
    }
  });
});
