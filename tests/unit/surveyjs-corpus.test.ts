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

/** SurveyJS's standard question types (survey-core's own, no add-on package, no custom widget). */
const STANDARD_TYPES = new Set(["text", "comment", "radiogroup", "checkbox", "dropdown", "tagbox", "rating", "boolean", "html", "panel", "matrix", "matrixdropdown", "matrixdynamic", "multipletext", "ranking", "paneldynamic", "expression"]);
const STANDARD_LOOKS = new Set(["default", "checkbox", "toggle", "radio", "dropdown", "buttons", "switch", "select", "tagbox"]);

/** Read from the file itself, apart from the import check: does it use only standard types, no remote choices, no custom widget? */
function standardOnly(json: unknown): boolean {
  let standard = true;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if (typeof record.type === "string" && ("name" in record || "elements" in record || "templateElements" in record) && !STANDARD_TYPES.has(record.type)) standard = false;
    if (typeof record.cellType === "string" && !STANDARD_TYPES.has(record.cellType)) standard = false;
    if ("choicesByUrl" in record) standard = false;
    if (typeof record.renderAs === "string" && !STANDARD_LOOKS.has(record.renderAs)) standard = false;
    // Triggers and validators have a `type` of their own kind.
    for (const [key, value] of Object.entries(record)) if (key !== "triggers" && key !== "validators") walk(value);
  };
  walk(json);
  return standard;
}

describe("public SurveyJS corpus", () => {
  it("accepts exactly the definitions made only of standard question types: 48 accepted, 12 refused, none crashed", () => {
    const counts = { accepted: 0, refused: 0, other: 0 };
    const disagreements: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(`${DIR}/${file}`, "utf8");
      const out = checkSurveyText(text);
      if (out.code === 0) counts.accepted++;
      else if (out.code === 2 && out.stderr) counts.refused++;
      else counts.other++;
      if ((out.code === 0) !== standardOnly(JSON.parse(text))) disagreements.push(file);
    }
    expect(disagreements).toEqual([]);
    expect(counts).toEqual({ accepted: 48, refused: 12, other: 0 });
  }, 30_000);


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
