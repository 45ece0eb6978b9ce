import type { Page } from "playwright-core";

/**
 * Taps an answer the way a resident does: on its visible text, and looks that it took. A tap
 * that lands while SurveyJS re-renders the page (a follow-up question appearing) is lost, as it
 * would be for a person, who taps again; so does this, up to three times.
 */
export async function choose(page: Page, label: string | RegExp) {
  const text = page.locator(".sd-item__control-label").getByText(label, { exact: typeof label === "string" });
  const item = page.locator(".resident-runner .sd-item").filter({ has: text });
  for (let attempt = 0; attempt < 3; attempt++) {
    await item.locator(".sd-item__control-label").click();
    if (await appears(item.and(page.locator(".sd-item--checked")))) return;
  }
  throw new Error(`“${String(label)}” could not be chosen`);
}

/**
 * Picks the first choice of a SurveyJS dropdown with the keyboard (↓ then Enter). A pointer
 * would have to scroll the list into view, and any scroll closes SurveyJS's dropdown popup, so
 * under load a click could land on a list that had just closed.
 */
export async function pickFirstOption(page: Page, question: string) {
  const combobox = page.getByRole("combobox", { name: question });
  const answered = page.locator(".sd-question--answered").filter({ has: combobox });
  for (let attempt = 0; attempt < 3; attempt++) {
    await combobox.focus();
    await combobox.press("ArrowDown");
    await page.getByRole("option").first().waitFor();
    await combobox.press("Enter");
    if (await appears(answered)) return;
  }
  throw new Error(`no choice could be picked in “${question}”`);
}

function appears(locator: ReturnType<Page["locator"]>): Promise<boolean> {
  return locator
    .first()
    .waitFor({ timeout: 2_000 })
    .then(() => true)
    .catch(() => false);
}
