import { expect, type Locator, type Page } from "@playwright/test";

/** Signs in through the OIDC provider's own login and consent pages. */
export async function signInWithSso(page: Page, login: string) {
  await expect(page.getByRole("heading", { name: "Sign in to your developer portal" })).toBeVisible();
  await expect(page.getByText("Local demo sign-in")).toHaveCount(0);
  await page.getByRole("button", { name: "Continue with Example SSO" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
}

/** Moves the focus with Tab (at most `max` presses) until `target` has it: proof that a keyboard reaches it. */
export async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i <= max; i++) {
    if (await target.evaluate((el) => el === document.activeElement, undefined, { timeout: 2_000 }).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${String(target)} is not reached by Tab within ${max} presses`);
}

/** Signs in through the OIDC provider's pages by keyboard alone. */
export async function signInWithSsoByKeyboard(page: Page, login: string) {
  await expect(page.getByRole("heading", { name: "Sign in to your developer portal" })).toBeVisible();
  await tabTo(page, page.getByRole("button", { name: "Continue with Example SSO" }));
  await page.keyboard.press("Enter");
  await tabTo(page, page.locator('input[name="login"]'));
  await page.keyboard.type(login);
  await tabTo(page, page.locator('input[name="password"]'));
  await page.keyboard.type("any-password");
  await page.keyboard.press("Enter");
  // The provider asks for consent the first time only: whichever comes first, its page or the portal.
  const consent = page.getByRole("button", { name: "Continue" });
  const portal = page.getByRole("navigation", { name: "Main" });
  const next = await Promise.race([consent.waitFor({ timeout: 15_000 }).then(() => "consent"), portal.waitFor({ state: "attached", timeout: 15_000 }).then(() => "portal")]);
  if (next === "consent") {
    await tabTo(page, consent);
    await page.keyboard.press("Enter");
  }
  await expect(portal).toBeAttached();
}

/**
 * The whole text of a CodeMirror editor (its textbox): CodeMirror draws only the lines in view, so a
 * long document's end is not in the DOM. Read through the editor's own view, as EditorView.findFromDOM does.
 */
export async function editorText(editor: Locator): Promise<string> {
  return editor.evaluate((el) => {
    type Node = { cmTile?: { root?: { view?: View } }; cmView?: { rootView?: { view?: View } } };
    type View = { state: { doc: { toString(): string } } };
    const node = el as unknown as Node;
    const view = node.cmTile?.root?.view ?? node.cmView?.rootView?.view;
    if (!view) throw new Error("not a CodeMirror editor");
    return view.state.doc.toString();
  });
}

/** Opens the command palette with Ctrl-K (pressed until the page has hydrated) and types `text` into it. */
export async function searchInPalette(page: Page, text: string): Promise<Locator> {
  const palette = page.getByRole("dialog");
  await expect(async () => {
    await page.keyboard.press("Control+k");
    await expect(palette).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await palette.getByPlaceholder("Search entities, docs and pages…").fill(text);
  return palette;
}
