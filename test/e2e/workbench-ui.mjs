// What a person does in the workbench, as Playwright steps on code-server: tree rows by their label, context
// menus, view title actions, quick picks and input boxes, notifications, the explanation panel's webview.
// Every wait is on a selector or a condition, never a fixed sleep.

/** Text exactly `text` (RegExp special characters escaped). */
export const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

/** Polls `probe` until it returns something truthy; fails with `what` after `timeout`. */
export async function until(what, probe, timeout = 15_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `session`: what openCodeServer returns (its page and runCommand). */
export function workbench(session) {
  const page = session.page;
  const pane = (title) => page.locator(".pane", { has: page.locator(".pane-header", { hasText: new RegExp(`^${title}`, "i") }) }).first();
  const ui = {
    pane,
    /** Collapses the tree, then opens the sections named: what a step needs stays in view (the tree is virtual). */
    async focusOn(...sections) {
      await ui.titleAction("Collapse All");
      for (const s of sections) await ui.expand(s);
    },
    /** Shows the AWS Identity Emulator views (the activity bar icon toggles, so only when they are hidden). */
    async showViews() {
      if (await pane("Resources").locator(".pane-header").isVisible().catch(() => false)) return;
      // The view container's own command opens it (its activity bar icon would toggle it).
      await session.runCommand("View: Show AWS Identity Emulator");
      await pane("Resources").locator(".pane-header").waitFor({ timeout: 10_000 });
    },
    /** A tree row of a view whose label is exactly `label` (at tree depth `level`, where labels repeat). */
    row(label, view = "Resources", level) {
      const rows = pane(view).locator(level ? `.monaco-list-row[aria-level="${level}"]` : ".monaco-list-row", { has: page.locator(".label-name", { hasText: exactly(label) }) });
      return rows.first();
    },
    rowLabels: (view = "Resources") => pane(view).locator(".monaco-list-row .label-name").allInnerTexts(),
    /** The row's description (the grey text after the label). */
    async description(label, view = "Resources") {
      return (await ui.row(label, view).locator(".label-description").innerText().catch(() => "")).trim();
    },
    async expand(label, view = "Resources", level) {
      await ui.showViews();
      const row = ui.row(label, view, level);
      await row.waitFor({ timeout: 15_000 });
      // Clicked again while it stays collapsed: a click as the tree re-renders (a change arriving) is lost.
      const expanded = async () => (await row.getAttribute("aria-expanded")) === "true";
      for (let attempt = 0; !(await expanded()); attempt++) {
        await row.locator(".monaco-tl-twistie").click();
        try { await until(`${label} expanded`, expanded, attempt < 2 ? 3_000 : 15_000); } catch (err) { if (attempt >= 2) throw err; }
      }
    },
    /** The entries a row's context menu offers. */
    async menuOf(label, view = "Resources") {
      await ui.showViews();
      await page.keyboard.press("Escape");
      await ui.row(label, view).click({ button: "right" });
      const items = page.locator(".context-view .action-label");
      await items.first().waitFor({ timeout: 5_000 });
      const texts = (await items.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
      await page.keyboard.press("Escape");
      return texts;
    },
    /**
     * Right-clicks the row and runs `item`; opens the menu again if a tree refresh swallowed it. With `asks`, the
     * entry opens a quick pick or input box: a menu closed by the tree re-rendering under it (a change arriving)
     * runs nothing, so the menu is opened again until the quick input shows. `shows`: for an entry safe to run
     * twice (a copy), a probe of its effect, likewise awaited before the menu is opened again.
     */
    async contextMenu(label, item, view = "Resources", { asks = false, shows } = {}) {
      await ui.showViews();
      for (let attempt = 0; ; attempt++) {
        await page.keyboard.press("Escape");
        await ui.row(label, view).waitFor({ timeout: 15_000 });
        await ui.row(label, view).click({ button: "right" });
        let failure;
        try {
          await ui.chooseMenuEntry(item);
          if (asks && await ui.input.waitFor({ state: "visible", timeout: 5_000 }).then(() => true, () => false)) return;
          if (shows && await until(`${item}'s effect`, shows, 5_000).then(() => true, () => false)) return;
          if (!asks && !shows) return;
          failure = `"${item}" of ${label}'s menu ${asks ? "opened no quick input" : "had no effect"}`;
        } catch (err) {
          failure = `${label}'s menu has no "${item}": ${(await page.locator(".context-view .action-label").allInnerTexts()).join(" | ")}`;
        }
        if (attempt >= 3) throw new Error(failure);
      }
    },
    /** Clicks a row's inline button (shown on hover) by its title. */
    async inline(label, title, view = "Resources") {
      await ui.showViews();
      const row = ui.row(label, view);
      await row.hover();
      const button = row.locator(`.action-label[aria-label="${title}"]`).first();
      await button.waitFor({ timeout: 5_000 });
      await button.click();
    },
    /** A view's title bar button, or an entry of its "More Actions..." menu. */
    async titleAction(title, view = "Resources") {
      await ui.showViews();
      const header = pane(view).locator(".pane-header");
      await header.hover();
      const button = header.locator(`.action-label[aria-label="${title}"]`);
      if (await button.count()) { await button.first().click(); return; }
      await header.locator('.action-label[aria-label="More Actions..."]').click();
      await ui.chooseMenuEntry(title);
    },
    /** Clicks an open menu's entry; if the menu stays open (a click while it settles), Enter runs the hovered one. */
    async chooseMenuEntry(title) {
      const entry = page.locator(".context-view .action-label", { hasText: exactly(title) }).first();
      await entry.waitFor({ timeout: 5_000 });
      await entry.hover();
      await entry.click();
      // The menu closes as its command starts; only a menu still open after a moment lost the click.
      const closed = await entry.waitFor({ state: "hidden", timeout: 1_500 }).then(() => true, () => false);
      if (!closed) {
        await entry.hover();
        await page.keyboard.press("Enter");
        await entry.waitFor({ state: "hidden", timeout: 5_000 });
      }
    },
    input: page.locator(".quick-input-widget input"),
    async quickInputTitle() {
      return (await page.locator(".quick-input-title").innerText().catch(() => "")).trim();
    },
    /** Types into the open quick input and accepts. */
    async answer(text) {
      await ui.input.waitFor({ state: "visible", timeout: 10_000 });
      await ui.input.fill(text);
      // Pressed on the input itself: a walkthrough step completing can move the page's focus meanwhile.
      await ui.input.press("Enter");
    },
    /**
     * Opens a workspace file with Go to File…, once the file is among the results (Enter before then opens nothing).
     * A file written a moment ago may not be in Go to File's results yet, and an open picker does not look again:
     * refresh the Explorer and ask again, as a person would.
     */
    async openFile(name) {
      for (let attempt = 0; ; attempt++) {
        await session.runCommand("Go to File...");
        await ui.input.waitFor({ state: "visible", timeout: 10_000 });
        await ui.input.fill(name);
        try {
          await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor({ timeout: 5_000 });
          break;
        } catch (err) {
          if (attempt >= 4) throw err;
          await page.keyboard.press("Escape");
          await session.runCommand("Refresh Explorer");
        }
      }
      await ui.input.press("Enter");
    },
    /** Picks the quick pick row containing `text`. */
    async pick(text, { filter } = {}) {
      await ui.input.waitFor({ state: "visible", timeout: 10_000 });
      if (filter !== undefined) await ui.input.fill(filter);
      const row = page.locator(".quick-input-list .monaco-list-row", { hasText: text }).first();
      await row.waitFor({ timeout: 10_000 });
      await row.click();
    },
    notification(text) {
      return page.locator(".notifications-toasts .notification-toast", { hasText: text }).first();
    },
    async dialogButton(label) {
      const button = page.locator(".monaco-dialog-box .monaco-button", { hasText: exactly(label) }).first();
      await button.waitFor({ timeout: 10_000 });
      await button.click();
    },
    tab(title) {
      return page.locator(".tabs-container .tab", { hasText: title }).first();
    },
    /** Closes an editor tab with its own close button (the palette's "Close Editor" can match a recent "Close All Editors"). */
    async closeTab(title) {
      const tab = ui.tab(title);
      await tab.hover();
      await tab.locator(".tab-actions .action-label").first().click();
      await tab.waitFor({ state: "detached", timeout: 10_000 });
    },
    /** An element's text in the explanation panel's webview (an iframe in an iframe). */
    async panelText(selector, timeout = 15_000) {
      return until(`${selector} in the explanation panel`, async () => {
        // Webviews only: the workbench itself has headings too.
        for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
          const text = await frame.locator(selector).first().innerText({ timeout: 200 }).catch(() => undefined);
          if (text) return text.trim();
        }
        return undefined;
      }, timeout);
    },
    /** Waits until the panel's `selector` reads `expected` (the panel is re-rendered as a new result comes in). */
    async panelSays(selector, expected, timeout = 15_000) {
      let last;
      try {
        await until(`${selector} to read ${expected}`, async () => (last = await ui.panelText(selector, 2_000).catch(() => last)) === expected, timeout);
      } catch (err) {
        throw new Error(`${err.message}; it reads ${JSON.stringify(last)}`);
      }
    },
    /** Clicks a link of the explanation panel. */
    async panelLink(label) {
      await until(`"${label}" in the explanation panel`, async () => {
        for (const frame of page.frames()) {
          const link = frame.locator("a", { hasText: exactly(label) }).first();
          if (await link.count().catch(() => 0)) { await link.click(); return true; }
        }
        return false;
      });
    },
  };
  return ui;
}
