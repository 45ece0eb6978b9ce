import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SettingInput } from "../../app/components/module-settings-form";
import { parseSettingValue } from "../../workflows/policy/settings";

describe("a setting's field on the policy page", () => {
  it("shows a share as the percentage the tables show (10%), and what it shows is read back as the same value", () => {
    const html = renderToStaticMarkup(createElement(SettingInput, { id: "minimum", name: "minimum", unit: "share", value: 0.1, error: undefined }));
    expect(html).toContain('value="10%"');
    const entry = { key: "minimum", label: "最低参与率", kind: "number" as const, unit: "share", value: 0.1, defaultValue: 0.1, editable: true };
    expect(parseSettingValue(entry, "10%")).toEqual({ ok: true, value: 0.1 });
  });

  it("shows other numbers as they are, with the error tied to the field for screen readers", () => {
    const html = renderToStaticMarkup(createElement(SettingInput, { id: "window", name: "window", unit: "min", value: 30, error: "须为整数" }));
    expect(html).toContain('value="30"');
    expect(html).toContain('aria-describedby="window-error"');
    expect(html).toContain('<p id="window-error" class="field-error">须为整数</p>');
  });
});
