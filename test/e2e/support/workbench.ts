/**
 * Drives the VS Code workbench in a browser page the way a person does:
 * keyboard shortcuts, the Command Palette, clicks and hovers. Written against
 * code-server 4.99.4 (VS Code 1.99.3); every selector comes from ./selectors.
 *
 * The callbacks given to evaluate() run in the browser, serialized as source.
 * tsx (esbuild) wraps named functions in a `__name(...)` helper that exists
 * only in Node, so the page needs a stand-in; openBrowser() installs it, and
 * a page from elsewhere needs `installEvaluateShim(page.context())` first.
 *
 * The project's tsconfig has no DOM lib on purpose (server code must not see
 * browser globals), so those callbacks use the few structural types declared
 * below.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { labels, sel } from './selectors';

// ----------------------------------------------------------------- in-page types

interface DomRect {
  x: number;
  y: number;
  width: number;
  height: number;
  bottom: number;
}
interface DomText {
  data: string;
}
interface DomElement {
  textContent: string | null;
  style: { top: string };
  classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getBoundingClientRect(): DomRect;
  ownerDocument: {
    createTreeWalker(root: DomElement, whatToShow: number): { nextNode(): DomText | null };
    createRange(): {
      setStart(node: DomText, offset: number): void;
      setEnd(node: DomText, offset: number): void;
      getBoundingClientRect(): DomRect;
    };
  };
}

/** See the note at the top of this file. */
export async function installEvaluateShim(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
}

// ---------------------------------------------------------------------- waiting

export interface WaitOptions {
  timeoutMs?: number;
}

/** Polls `probe` until it returns something other than undefined. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, options: WaitOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

// -------------------------------------------------------------------- workbench

export interface WorkbenchWaitOptions extends WaitOptions {
  /**
   * When the window comes up in Restricted Mode, how long to wait for the
   * startup trust prompt (default 15 s). VS Code shows it a second or two
   * after the workbench, and only once per workspace and browser profile, so
   * pass 0 when it is known to have been answered already.
   */
  trustPromptMs?: number;
}

/**
 * Waits until the workbench can take input: the web client booted, the
 * status bar contributions are restored, and the Explorer lists the workspace
 * (so the connection to the server and its file system work). With workspace
 * trust on and the folder untrusted, also waits for the startup trust prompt,
 * which would otherwise pop up in the middle of whatever the test does next.
 */
export async function waitForWorkbench(page: Page, options: WorkbenchWaitOptions = {}): Promise<void> {
  const timeout = options.timeoutMs ?? 60_000;
  await page.waitForSelector(sel.workbench, { state: 'attached', timeout });
  await page.waitForSelector(sel.remoteIndicator, { state: 'attached', timeout });
  await page.waitForSelector(sel.problemsStatus, { state: 'attached', timeout });
  await page.locator(`${sel.explorerRow}, ${sel.dialog}`).first().waitFor({ state: 'visible', timeout });
  // Trust is initialized right after the Problems entry; give the Restricted
  // Mode entry a moment to show before deciding there is no prompt to expect.
  await page.locator(sel.restrictedModeStatus).waitFor({ state: 'visible', timeout: 1_000 }).catch(() => undefined);
  const promptMs = options.trustPromptMs ?? 15_000;
  if (promptMs > 0 && (await isRestrictedMode(page))) {
    await page.locator(sel.dialog).waitFor({ state: 'visible', timeout: promptMs }).catch(() => undefined);
  }
}

/** Loads `url` (a CodeServer.url) and waits for the workbench. */
export async function openWorkbench(page: Page, url: string, options: WorkbenchWaitOptions = {}): Promise<void> {
  await page.goto(url, { timeout: options.timeoutMs ?? 60_000 });
  await waitForWorkbench(page, options);
}

/** Saves a PNG of the whole window; creates the folder. */
export async function screenshot(page: Page, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
}

/** Texts of the notification toasts currently shown. */
export async function readNotifications(page: Page): Promise<string[]> {
  return (await page.locator(sel.notificationMessage).allTextContents()).map((t) => t.trim());
}

/** Texts of the status bar entries, left to right. */
export async function readStatusBar(page: Page): Promise<string[]> {
  return (await page.locator(sel.statusBarItem).allTextContents()).map((t) => t.trim()).filter((t) => t !== '');
}

// -------------------------------------------------------------- quick input

async function openQuickInput(page: Page, key: string, text: string): Promise<Locator> {
  // A modal dialog swallows the shortcut; say so instead of timing out on the widget.
  if (await page.locator(sel.dialog).isVisible()) {
    throw new Error(`a modal dialog is open (${(await page.locator(sel.dialog).innerText()).split('\n')[0]}); answer it first`);
  }
  await page.keyboard.press(key);
  const box = page.locator(sel.quickInputBox);
  await box.waitFor({ state: 'visible', timeout: 10_000 });
  // fill() replaces the prefix F1 puts there, so the caller's text is exact.
  await box.fill(text);
  return box;
}

async function quickInputLabels(page: Page): Promise<string[]> {
  return (await page.locator(`${sel.quickInputRow} ${sel.quickInputRowLabel}`).allTextContents()).map((t) => t.trim());
}

/**
 * Runs a command through the Command Palette (F1) by the label it shows
 * there, e.g. "Problems: Focus on Problems View" or "HTTP Lens: Run Request".
 * The palette lists the commands known when it opens, and an extension's
 * commands (or one behind a context key, like workspace trust's) can arrive a
 * little later, so the palette is reopened until the command shows up.
 */
export async function runCommand(page: Page, title: string, options: WaitOptions & { opensInput?: boolean } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    await openQuickInput(page, 'F1', `>${title}`);
    const row = page.locator(sel.quickInputRow).filter({ has: page.locator(sel.quickInputRowLabel, { hasText: exactText(title) }) }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 2_000 });
      await row.click();
      // A command that asks for input shows the same widget again at once: answerInputBox waits for that one.
      if (!options.opensInput) await page.locator(sel.quickInput).waitFor({ state: 'hidden', timeout: 10_000 });
      return;
    } catch (err) {
      if (await row.isVisible()) throw err;
      const offered = await quickInputLabels(page);
      await page.keyboard.press('Escape');
      await page.locator(sel.quickInput).waitFor({ state: 'hidden', timeout: 5_000 });
      if (Date.now() > deadline) {
        throw new Error(`runCommand: no command titled "${title}" in the palette; it offered: ${JSON.stringify(offered)}`);
      }
    }
  }
}

/** Types `text` into the input box an extension opened with this title (`showInputBox`), and confirms it. */
export async function answerInputBox(page: Page, title: string, text: string, options: WaitOptions = {}): Promise<void> {
  await page.locator(sel.quickInputTitle).filter({ hasText: title }).waitFor({ state: 'visible', timeout: options.timeoutMs ?? 10_000 });
  const box = page.locator(sel.quickInputBox);
  await box.fill(text);
  await box.press('Enter');
  await page.locator(sel.quickInput).waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Chooses the row labelled `label` in the quick pick an extension has opened. */
export async function chooseQuickPick(page: Page, label: string, options: WaitOptions = {}): Promise<void> {
  const row = page.locator(sel.quickInputRow).filter({ has: page.locator(sel.quickInputRowLabel, { hasText: exactText(label) }) }).first();
  try {
    await row.waitFor({ state: 'visible', timeout: options.timeoutMs ?? 10_000 });
  } catch {
    throw new Error(`chooseQuickPick: no row labelled "${label}"; the quick pick offered: ${JSON.stringify(await quickInputLabels(page))}`);
  }
  await row.click();
  await page.locator(sel.quickInput).waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Clicks the status bar entry whose text includes `text`. */
export async function clickStatusBarItem(page: Page, text: string, options: WaitOptions = {}): Promise<void> {
  const item = page.locator(sel.statusBarItem).filter({ hasText: text }).first();
  await item.waitFor({ state: 'visible', timeout: options.timeoutMs ?? 10_000 });
  await item.click();
}

/**
 * Opens a workspace file through Quick Open (Ctrl+P) and waits until it is
 * the active editor. `relativePath` is relative to the workspace folder.
 */
export async function openFile(page: Page, relativePath: string, options: WaitOptions = {}): Promise<void> {
  const normalized = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  const baseName = normalized.split('/').pop()!;
  const dir = normalized.includes('/') ? normalized.slice(0, normalized.lastIndexOf('/')) : '';
  await openQuickInput(page, 'Control+P', normalized);
  // The file index is built by ripgrep on the server; the first search in a
  // fresh window takes a few seconds.
  let rows = page.locator(sel.quickInputRow).filter({ has: page.locator(sel.quickInputRowLabel, { hasText: exactText(baseName) }) });
  if (dir) rows = rows.filter({ hasText: dir });
  const row = rows.first();
  try {
    await row.waitFor({ state: 'visible', timeout: options.timeoutMs ?? 20_000 });
  } catch {
    const offered = await quickInputLabels(page);
    await page.keyboard.press('Escape');
    throw new Error(`openFile: Quick Open did not offer ${normalized}; it offered: ${JSON.stringify(offered)}`);
  }
  await row.click();
  await waitFor(
    async () => {
      const uri = await page.locator(sel.activeEditor).first().getAttribute('data-uri', { timeout: 1_000 });
      return uri && decodeURIComponent(uri).endsWith(`/${normalized}`) ? true : undefined;
    },
    `${normalized} to become the active editor`,
    options,
  );
  await page.locator(sel.activeEditor).first().locator(sel.viewLine).first().waitFor({ state: 'visible' });
}

// ---------------------------------------------------------------------- editor

function activeEditor(page: Page): Locator {
  return page.locator(sel.activeEditor).first();
}

interface RenderedLines {
  lines: Array<{ line: number; text: string }>;
  /** The bottom of the last rendered line is above the editor's bottom edge. */
  endVisible: boolean;
  scrollTop: number;
}

/** What the active editor shows right now, keyed by line number. */
async function renderedLines(editor: Locator): Promise<RenderedLines> {
  return editor.evaluate(
    (root: DomElement, s: { viewLine: string; lineNumberCell: string; linesContent: string; scrollable: string }) => {
      const byTop = (nodes: ArrayLike<DomElement>) => {
        const map = new Map<number, DomElement>();
        for (const n of Array.from(nodes)) map.set(Math.round(parseFloat(n.style.top)), n);
        return map;
      };
      const numbers = byTop(root.querySelectorAll(s.lineNumberCell));
      const views = [...byTop(root.querySelectorAll(s.viewLine)).entries()].sort((a, b) => a[0] - b[0]);
      const lines: Array<{ line: number; text: string }> = [];
      let bottom = -Infinity;
      for (const [top, view] of views) {
        // Monaco renders spaces as U+00A0 so HTML keeps them.
        const text = (view.textContent ?? '').replace(/\u00a0/g, ' ');
        const label = numbers.get(top)?.textContent?.trim() ?? '';
        const n = Number(label);
        if (label !== '' && Number.isInteger(n)) lines.push({ line: n, text });
        // A wrapped continuation has no number of its own.
        else if (lines.length > 0) lines[lines.length - 1]!.text += text;
        bottom = Math.max(bottom, view.getBoundingClientRect().bottom);
      }
      const area = root.querySelector(s.scrollable)!.getBoundingClientRect();
      const content = root.querySelector(s.linesContent)!;
      return { lines, endVisible: bottom < area.bottom - 1, scrollTop: -parseFloat(content.style.top || '0') };
    },
    { viewLine: sel.viewLine, lineNumberCell: sel.lineNumberCell, linesContent: sel.linesContent, scrollable: sel.editorScrollable },
  );
}

/** All lines from 1 on are rendered, without gaps, and the last one ends on screen. */
function isWhole(view: RenderedLines): boolean {
  return view.endVisible && view.lines.length > 0 && view.lines.every((l, i) => l.line === i + 1);
}

/** Re-reads until two reads agree: Monaco lays out on the next animation frame. */
async function settledLines(editor: Locator, previous: RenderedLines): Promise<RenderedLines> {
  let last = previous;
  for (let i = 0; i < 40; i++) {
    await editor.page().waitForTimeout(50);
    const next = await renderedLines(editor);
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  return last;
}

/**
 * The text of the active editor, lines joined with "\n" (a final newline
 * shows as a last, empty line). Read from the rendered lines, so it is what
 * the user sees, unsaved edits included; a tab comes back as the spaces it is
 * drawn with. Cursor and selection are left alone. Needs the default
 * `editor.lineNumbers: "on"`: each rendered line is matched to its number in
 * the gutter.
 *
 * Monaco renders only the lines in view. For a longer document the browser
 * window is made taller until every line is laid out, then put back; Monaco
 * scrolls a mouse wheel notch at a time (50 px), so scrolling through would
 * cost seconds. If the editor was scrolled down, it is scrolled to the top
 * (by clicking the top of its scrollbar track) and stays there.
 */
export async function readEditorText(page: Page): Promise<string> {
  const editor = activeEditor(page);
  await editor.locator(sel.viewLine).first().waitFor({ state: 'visible', timeout: 10_000 });
  let view = await renderedLines(editor);
  if (view.lines.length === 0) {
    throw new Error('readEditorText: no numbered lines; lines are matched to the gutter, so editor.lineNumbers must be "on"');
  }
  if (!isWhole(view)) {
    const original = page.viewportSize();
    if (!original) throw new Error('readEditorText: the page has no fixed viewport');
    let height = original.height;
    try {
      for (let round = 0; round < 12 && !isWhole(view); round++) {
        if (view.lines[0]?.line !== 1 && view.scrollTop > 0) {
          const track = await editor.locator(`${sel.editorScrollable} > ${sel.verticalScrollbar}`).boundingBox();
          if (!track) throw new Error('readEditorText: the editor has no vertical scrollbar to scroll with');
          await page.mouse.click(track.x + track.width / 2, track.y + 1);
        } else if (height < MAX_VIEWPORT_HEIGHT) {
          height = Math.min(height * 2, MAX_VIEWPORT_HEIGHT);
          await page.setViewportSize({ width: original.width, height });
        } else {
          break;
        }
        view = await settledLines(editor, view);
      }
    } finally {
      if (height !== original.height) await page.setViewportSize(original);
    }
    if (!isWhole(view)) {
      const shown = view.lines.map((l) => l.line);
      throw new Error(`readEditorText: could not get every line on screen (rendered lines ${shown[0]}..${shown[shown.length - 1]})`);
    }
  }
  return view.lines.map((l) => l.text).join('\n');
}

/** How tall readEditorText may make the window: about 850 lines at the default 19 px. */
const MAX_VIEWPORT_HEIGHT = 16_384;

/** Polls the active editor's text until `predicate` holds; returns that text. */
export async function waitForEditorText(page: Page, predicate: (text: string) => boolean, options: WaitOptions = {}): Promise<string> {
  let last = '';
  try {
    return await waitFor(
      async () => {
        last = await readEditorText(page);
        return predicate(last) ? last : undefined;
      },
      'the editor text to match',
      options,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; editor text was:\n${last}`);
  }
}

export interface ScreenPoint {
  x: number;
  y: number;
}

/**
 * Screen position of the centre of the `occurrence`-th (1-based) `text` in
 * the active editor's visible lines. The text may span several token spans.
 */
export async function locateText(page: Page, text: string, occurrence = 1): Promise<ScreenPoint> {
  const editor = activeEditor(page);
  return waitFor(
    async () => {
      const rect = await editor.evaluate(
        (root: DomElement, a: { text: string; occurrence: number; viewLine: string }) => {
          const lines = Array.from(root.querySelectorAll(a.viewLine)).sort((p, q) => parseFloat(p.style.top) - parseFloat(q.style.top));
          let seen = 0;
          for (const line of lines) {
            const walker = root.ownerDocument.createTreeWalker(line, 4 /* NodeFilter.SHOW_TEXT */);
            const nodes: Array<{ node: DomText; start: number }> = [];
            let full = '';
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              nodes.push({ node: n, start: full.length });
              full += n.data.replace(/\u00a0/g, ' ');
            }
            const nodeAt = (offset: number, isEnd: boolean) => {
              for (let i = nodes.length - 1; i >= 0; i--) {
                const { node, start } = nodes[i]!;
                if (isEnd ? start < offset : start <= offset) return { node, offset: offset - start };
              }
              return { node: nodes[0]!.node, offset };
            };
            for (let at = full.indexOf(a.text); at >= 0; at = full.indexOf(a.text, at + 1)) {
              if (++seen !== a.occurrence) continue;
              const range = root.ownerDocument.createRange();
              const from = nodeAt(at, false);
              const to = nodeAt(at + a.text.length, true);
              range.setStart(from.node, from.offset);
              range.setEnd(to.node, to.offset);
              const r = range.getBoundingClientRect();
              return { x: r.x, y: r.y, width: r.width, height: r.height };
            }
          }
          return null;
        },
        { text, occurrence, viewLine: sel.viewLine },
      );
      return rect ? { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 } : undefined;
    },
    `"${text}" (occurrence ${occurrence}) to be visible in the active editor`,
    { timeoutMs: 10_000 },
  );
}

/** Puts the cursor in the middle of `text` by clicking there. */
export async function clickText(page: Page, text: string, occurrence = 1): Promise<void> {
  const at = await locateText(page, text, occurrence);
  await page.mouse.click(at.x, at.y);
}

/** Moves the mouse off the editor so that an open hover closes. */
async function clearHover(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.locator(sel.hover).first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}

/**
 * Hovers the mouse over `text` in the active editor and returns the hover
 * widget's text (provider hovers and any diagnostics there, as displayed).
 * `expect`, when given, is waited for: hovers from several providers arrive
 * one after another.
 */
export async function hoverText(page: Page, text: string, options: WaitOptions & { occurrence?: number; expect?: string | RegExp } = {}): Promise<string> {
  await clearHover(page);
  const at = await locateText(page, text, options.occurrence ?? 1);
  await page.mouse.move(at.x, at.y);
  let movedAt = Date.now();
  const content = page.locator(sel.hoverContent).first();
  let last = '';
  try {
    return await waitFor(
      async () => {
        if (!(await content.isVisible())) {
          // Every move restarts the hover delay (editor.hover.delay, 300 ms),
          // so nudge only now and then, in case a hover closed as it opened.
          if (Date.now() - movedAt > 2_000) {
            await page.mouse.move(at.x + 1, at.y);
            await page.mouse.move(at.x, at.y);
            movedAt = Date.now();
          }
          return undefined;
        }
        last = (await content.innerText()).trim();
        if (last === '' || /^Loading\.\.\.$/.test(last)) return undefined;
        if (options.expect !== undefined) {
          const ok = typeof options.expect === 'string' ? last.includes(options.expect) : options.expect.test(last);
          if (!ok) return undefined;
        }
        return last;
      },
      `a hover over "${text}"`,
      { timeoutMs: options.timeoutMs ?? 10_000 },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; hover text was: ${JSON.stringify(last)}`);
  }
}

/**
 * Puts the cursor on `text`, opens the code action menu with Ctrl+. and
 * returns the titles offered (the menu is closed again).
 */
export async function listQuickFixes(page: Page, text: string, options: WaitOptions & { occurrence?: number } = {}): Promise<string[]> {
  await openCodeActions(page, text, options);
  const titles = await codeActionTitles(page);
  await page.keyboard.press('Escape');
  await page.locator(sel.actionWidget).waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  return titles;
}

/**
 * Puts the cursor on `text`, presses Ctrl+. and applies the action titled
 * `title`, choosing it with the arrow keys and Enter as a keyboard user does.
 * (A Playwright click on the item does not land: VS Code's transparent
 * `.context-view-pointerBlock` overlay is on top of the menu and takes it.)
 */
export async function applyQuickFix(page: Page, text: string, title: string, options: WaitOptions & { occurrence?: number } = {}): Promise<void> {
  await openCodeActions(page, text, options);
  const offered = await codeActionTitles(page);
  if (!offered.includes(title)) {
    await page.keyboard.press('Escape');
    throw new Error(`applyQuickFix: no action "${title}" at "${text}"; offered: ${JSON.stringify(offered)}`);
  }
  const focusedTitle = async () => (await page.locator(sel.actionWidgetFocusedItem).first().getAttribute('aria-label', { timeout: 2_000 })) ?? '';
  for (let i = 0; i <= offered.length && (await focusedTitle()) !== title; i++) {
    await page.keyboard.press('ArrowDown');
  }
  if ((await focusedTitle()) !== title) {
    await page.keyboard.press('Escape');
    throw new Error(`applyQuickFix: could not move the selection to "${title}"`);
  }
  await page.keyboard.press('Enter');
  await page.locator(sel.actionWidget).waitFor({ state: 'hidden', timeout: 10_000 });
}

async function openCodeActions(page: Page, text: string, options: WaitOptions & { occurrence?: number }): Promise<void> {
  await clearHover(page);
  await clickText(page, text, options.occurrence ?? 1);
  // Diagnostics and code action providers answer asynchronously: an early
  // Ctrl+. finds nothing yet, so retry until items arrive.
  await waitFor(
    async () => {
      await page.keyboard.press('Control+.');
      try {
        await page.locator(sel.actionWidgetItem).first().waitFor({ state: 'visible', timeout: 2_000 });
        return true;
      } catch {
        await page.keyboard.press('Escape');
        return undefined;
      }
    },
    `code actions at "${text}"`,
    { timeoutMs: options.timeoutMs ?? 15_000 },
  );
}

async function codeActionTitles(page: Page): Promise<string[]> {
  return page.locator(sel.actionWidgetItem).evaluateAll((rows: DomElement[]) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
}

/** Clicks the code lens whose text is exactly `text` in the active editor. */
export async function clickCodeLens(page: Page, text: string, options: WaitOptions = {}): Promise<void> {
  const lens = activeEditor(page).locator(sel.codeLensLink, { hasText: exactText(text) }).first();
  try {
    await lens.waitFor({ state: 'visible', timeout: options.timeoutMs ?? 15_000 });
  } catch {
    const offered = (await activeEditor(page).locator(sel.codeLensLink).allTextContents()).map((t) => t.trim());
    throw new Error(`clickCodeLens: no lens "${text}"; shown: ${JSON.stringify(offered)}`);
  }
  await lens.click();
}

/** The code lens texts shown in the active editor. */
export async function readCodeLenses(page: Page): Promise<string[]> {
  return (await activeEditor(page).locator(sel.codeLensLink).allTextContents()).map((t) => t.trim());
}

// --------------------------------------------------------------------- problems

export type Severity = 'error' | 'warning' | 'info';

export interface Problem {
  /** Absolute path on the server. */
  file: string;
  severity: Severity;
  message: string;
  source: string;
  code: string;
  line: number;
  column: number;
}

/**
 * Opens the Problems view (if it is not showing) and returns its entries in
 * display order. The tree is virtualized: only rows that fit are rendered,
 * and a shortfall is reported as an error rather than returned short.
 */
export async function readProblems(page: Page): Promise<Problem[]> {
  if (!(await page.locator(sel.problemsPanel).isVisible())) {
    await runCommand(page, labels.focusProblemsCommand);
    await page.locator(sel.problemsPanel).waitFor({ state: 'visible', timeout: 10_000 });
  }
  const parsed = await page.locator(sel.problemsPanel).first().evaluate(
    (panel: DomElement, s: Record<'row' | 'message' | 'source' | 'code' | 'position' | 'icon' | 'filePath' | 'fileName' | 'summary', string>) => {
      const rows = Array.from(panel.querySelectorAll(s.row)).sort(
        (a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')),
      );
      const out: Array<{ file: string; severity: string; message: string; source: string; code: string; position: string }> = [];
      let file = '';
      const text = (row: DomElement, q: string) => (row.querySelector(q)?.textContent ?? '').trim();
      for (const row of rows) {
        if (row.getAttribute('aria-level') === '1') {
          // The file row's icon label carries the full path as its aria-label.
          file = row.querySelector(s.filePath)?.getAttribute('aria-label') ?? text(row, s.fileName);
          continue;
        }
        const icon = row.querySelector(s.icon);
        const severity = icon === null ? '' : ['error', 'warning', 'info'].find((c) => icon.classList.contains(c)) ?? '';
        out.push({ file, severity, message: text(row, s.message), source: text(row, s.source), code: text(row, s.code), position: text(row, s.position) });
      }
      // "Showing 3 problems" / "Showing 2 of 5": the number VS Code counts.
      const summary = panel.querySelector(s.summary)?.getAttribute('aria-label') ?? '';
      return { out, summary };
    },
    {
      row: sel.problemsRow,
      message: sel.problemMessage,
      source: sel.problemSource,
      code: sel.problemCode,
      position: sel.problemPosition,
      icon: sel.problemIcon,
      filePath: sel.problemFilePath,
      fileName: sel.problemFileName,
      summary: sel.problemsSummary,
    },
  );
  const shown = /Showing (\d+)(?: of \d+)? problems?/.exec(parsed.summary);
  if (shown && Number(shown[1]) > parsed.out.length) {
    throw new Error(`readProblems: VS Code shows ${shown[1]} problems but only ${parsed.out.length} rows are rendered; use a taller viewport or fewer problems`);
  }
  return parsed.out.map((p) => {
    const pos = /Ln (\d+), Col (\d+)/.exec(p.position);
    return {
      file: p.file,
      severity: p.severity as Severity,
      message: p.message,
      source: p.source,
      code: p.code,
      line: pos ? Number(pos[1]) : 0,
      column: pos ? Number(pos[2]) : 0,
    };
  });
}

/** Polls the Problems view until `predicate` holds; returns the entries then. */
export async function waitForProblems(page: Page, predicate: (problems: Problem[]) => boolean, options: WaitOptions = {}): Promise<Problem[]> {
  let last: Problem[] = [];
  try {
    return await waitFor(
      async () => {
        last = await readProblems(page);
        return predicate(last) ? last : undefined;
      },
      'the Problems view to match',
      options,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; it showed: ${JSON.stringify(last, null, 1)}`);
  }
}

// ------------------------------------------------------------- workspace trust

/**
 * Whether the window is in Restricted Mode. Only meaningful when the server
 * was started with `security.workspace.trust.enabled: true`.
 */
export async function isRestrictedMode(page: Page): Promise<boolean> {
  return page.locator(sel.restrictedModeStatus).isVisible();
}

/** Answers the startup trust prompt if it is up; returns whether it was. */
async function answerTrustPrompt(page: Page, trust: boolean): Promise<boolean> {
  const button = page.locator(sel.dialogButton, { hasText: exactText(trust ? labels.trustDialogYes : labels.trustDialogNo) });
  if (!(await button.isVisible())) return false;
  await button.click();
  await page.locator(sel.dialog).waitFor({ state: 'hidden', timeout: 10_000 });
  return true;
}

async function openTrustEditor(page: Page): Promise<void> {
  await runCommand(page, labels.manageTrustCommand);
  await page.locator(sel.trustEditorHeader).waitFor({ state: 'visible', timeout: 10_000 });
}

/**
 * Trusts the workspace: answers the startup prompt if it is showing, else
 * presses "Trust" in the Workspace Trust editor (and closes that editor
 * again). Extensions that are disabled in Restricted Mode start without a
 * reload.
 */
export async function trustWorkspace(page: Page): Promise<void> {
  if (!(await answerTrustPrompt(page, true)) && (await isRestrictedMode(page))) {
    await openTrustEditor(page);
    await page.locator(sel.trustEditorTrustButton, { hasText: exactText('Trust') }).first().click();
    await page.locator(sel.trustEditorHeaderTrusted).waitFor({ state: 'visible', timeout: 10_000 });
    await runCommand(page, labels.closeEditorCommand);
  }
  await page.locator(sel.restrictedModeStatus).waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Puts the workspace in Restricted Mode: answers the startup prompt with "No"
 * if it is showing, else removes the trusted-folder entries that cover the
 * workspace in the Workspace Trust editor. Leaving trust needs the extension
 * host restarted, so VS Code reloads the window; this waits for the reloaded
 * workbench (answering its prompt, if any, with "No").
 */
export async function untrustWorkspace(page: Page, options: WaitOptions = {}): Promise<void> {
  const timeout = options.timeoutMs ?? 60_000;
  await answerTrustPrompt(page, false);
  // Each removal reloads the window, so take one entry per round.
  for (let round = 0; round < 5 && !(await isRestrictedMode(page)); round++) {
    await openTrustEditor(page);
    // Entries that make the current workspace trusted are marked (shown bold).
    const covering = page.locator(sel.trustedFolderRow).filter({ has: page.locator(sel.trustedFolderCoversWorkspace) });
    if ((await covering.count()) === 0) {
      throw new Error('untrustWorkspace: no trusted folder entry covers this workspace (is security.workspace.trust.enabled false?)');
    }
    const row = covering.first();
    await row.hover();
    const reloaded = page.waitForEvent('framenavigated', { timeout });
    await row.locator(sel.trustedFolderRemove).click();
    await reloaded;
    // The prompt was shown for this workspace before the reload, so it will
    // not come again unless VS Code's storage was reset.
    await waitForWorkbench(page, { timeoutMs: timeout, trustPromptMs: 3_000 });
    await answerTrustPrompt(page, false);
    // The status entry is added a moment after the workbench shows.
    await page.locator(sel.restrictedModeStatus).waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
  }
  await page.locator(sel.restrictedModeStatus).waitFor({ state: 'visible', timeout: 20_000 });
  // The reload restores the Workspace Trust editor we opened; close it so
  // the test finds the editor area as it left it.
  if (await page.locator(sel.trustEditor).isVisible()) await runCommand(page, labels.closeEditorCommand);
}
