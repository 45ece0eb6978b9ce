// The corpus of public SurveyJS definitions (tests/fixtures/surveyjs, issue 17) stays complete and
// documented; the import check's own test runs it against manifest.json.
import fs from "node:fs";
import { Model } from "survey-core";
import { describe, expect, it } from "vitest";

const DIR = "tests/fixtures/surveyjs";
const manifest = JSON.parse(fs.readFileSync(`${DIR}/manifest.json`, "utf8")) as Record<string, { source: string; expected: "accept" | "refuse"; reason?: string; chinese: boolean }>;
const readme = fs.readFileSync(`${DIR}/README.md`, "utf8");
const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".json") && f !== "manifest.json");

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
});
