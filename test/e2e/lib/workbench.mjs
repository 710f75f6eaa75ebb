// Driving the code-server workbench with playwright-core: palette, status bar, the setup webview.
// Selectors follow ../shared/recipes/code-server-e2e/RECIPE.md §3 and docs/CONTRACTS.md.
import { STATUS_ITEM_DOM_ID, sleep, waitFor } from './harness.mjs';

export const TIMEOUT = Number(process.env.RUTAAPI_E2E_TIMEOUT_MS || 60_000);

/** Counts what a user does (keystroke sequences, clicks, pastes) for the newcomer metric. */
export class Actions {
  constructor() {
    this.count = 0;
    this.log = [];
  }
  add(what) {
    this.count++;
    this.log.push(what);
  }
}

export class Workbench {
  /**
   * @param page playwright Page
   * @param actions optional Actions counter
   */
  constructor(page, actions = new Actions()) {
    this.page = page;
    this.actions = actions;
    this.statusItem = page.locator(`[id="${STATUS_ITEM_DOM_ID}"]`);
    this.quickInput = page.locator('.quick-input-widget .quick-input-box input');
    this.closingQuickInput = page.locator('.quick-input-widget.quick-input-widget-closing');
  }

  /** `waitForExtension: false`: only the workbench (the product is not installed yet). */
  static async open(context, url, folder, { consoleLines, actions, waitForExtension = true } = {}) {
    const page = await context.newPage();
    if (consoleLines) {
      page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
    }
    const wb = new Workbench(page, actions);
    await page.goto(`${url}/?${new URLSearchParams({ folder })}`);
    if (waitForExtension) await wb.ready();
    else await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
    return wb;
  }

  /** Waits for the workbench and for the extension (its status bar item proves activation). */
  async ready() {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
    await this.statusItem.waitFor({ timeout: TIMEOUT });
  }

  async reload() {
    await this.page.reload();
    await this.ready();
  }

  async statusText() {
    return ((await this.statusItem.textContent({ timeout: 5000 })) || '').replace(/\s+/g, ' ').trim();
  }

  async statusAria() {
    return (
      (await this.statusItem
        .locator('a')
        .first()
        .getAttribute('aria-label', { timeout: 5000 })
        .catch(() => null)) ??
      (await this.statusItem.getAttribute('aria-label')) ??
      ''
    );
  }

  /**
   * Hovers the status bar item and returns the text of the tooltip the editor shows for it (the workbench hover),
   * waiting until it satisfies `pred`. Moves the mouse away first so that the hover opens afresh.
   */
  async statusTooltip(pred = (t) => t.length > 0, what = 'the status bar tooltip', timeout = TIMEOUT) {
    const hover = this.page.locator('.workbench-hover, .monaco-hover:not(.hidden)').filter({ hasText: 'RutaAPI' }).first();
    let last = '';
    return waitFor(
      async () => {
        await this.page.mouse.move(5, 5); // away, so that the hover opens afresh (its content is read when it opens)
        await sleep(200);
        await this.statusItem.hover();
        await hover.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
        last = ((await hover.innerText({ timeout: 1000 }).catch(() => '')) || '').replace(/\s+/g, ' ').trim();
        return pred(last) ? last : false;
      },
      what,
      timeout,
      250,
    ).catch((e) => {
      throw new Error(`${e.message}; last tooltip: "${last}"`);
    });
  }

  /** The indicator says connected with this model: text is the model id with a check icon. */
  async waitConnected(model, timeout = TIMEOUT) {
    return waitFor(
      async () => {
        const text = await this.statusText();
        const check = await this.statusItem.locator('.codicon-check').count();
        return text === model && check > 0 ? text : false;
      },
      `status bar connected with ${model} (now: "${await this.statusText().catch(() => '?')}")`,
      timeout,
    );
  }

  /**
   * An open quick input that has the keyboard focus. VS Code 1.139 animates closing (the widget gets
   * `.quick-input-widget-closing` and stays in the page for a 150 ms animation, longer under load, while focus is
   * already back in the editor): such a widget is still "visible" but typing into it goes nowhere, so it counts as closed.
   */
  async quickInputOpen() {
    if (await this.closingQuickInput.count()) return false;
    if (!(await this.quickInput.isVisible())) return false;
    return this.quickInput.evaluate((el) => el === el.ownerDocument.activeElement).catch(() => false);
  }

  async openPalette() {
    await waitFor(
      async () => {
        if (await this.closingQuickInput.count()) return false; // let the previous one finish closing first
        if (await this.quickInputOpen()) return true;
        await this.page.keyboard.press('F1');
        await this.quickInput.waitFor({ state: 'visible', timeout: 2000 }).catch(() => {});
        return this.quickInputOpen();
      },
      'command palette',
      TIMEOUT,
      100,
    );
  }

  /** F1, type the command title, Enter (3 user actions). */
  async runCommand(title) {
    await this.openPalette();
    this.actions.add('open the command palette (F1)');
    await this.quickInput.pressSequentially(title);
    this.actions.add(`type "${title}"`);
    await this.acceptRow(title);
    this.actions.add('Enter');
  }

  /** Accepts the quick input row whose label is exactly `label` ("Preferences: Color Theme", not "…Browse Color Themes…"). */
  async acceptRow(label) {
    const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    const row = this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exact }) })
      .first();
    await row.waitFor({ timeout: TIMEOUT }).catch(async (e) => {
      throw new Error(`${e.message.split('\n')[0]}\n  quick input: ${await this.quickInputState()}`);
    });
    if (await row.evaluate((el) => el.classList.contains('focused'))) await this.page.keyboard.press('Enter');
    else await row.click();
  }

  /** What the quick input shows (for failure messages): visible?, its value, its first rows, the focused element. */
  async quickInputState() {
    try {
      const visible = await this.quickInput.isVisible();
      const value = visible ? await this.quickInput.inputValue({ timeout: 1000 }).catch(() => '?') : '';
      const rows = visible
        ? (await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts())
            .slice(0, 6)
            .map((t) => t.replace(/\s+/g, ' ').trim())
        : [];
      const message = visible
        ? await this.page
            .locator('.quick-input-widget .quick-input-message')
            .innerText({ timeout: 500 })
            .catch(() => '')
        : '';
      const focus = await this.page
        .evaluate(() => {
          const a = document.activeElement;
          return a
            ? `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''}${a.className && typeof a.className === 'string' ? `.${a.className.trim().split(/\s+/).slice(0, 3).join('.')}` : ''}`
            : 'none';
        })
        .catch(() => '?');
      return JSON.stringify({ visible, value, rows, message, focus });
    } catch (e) {
      return `(unavailable: ${e.message.split('\n')[0]})`;
    }
  }

  /** Rows of the open quick pick. */
  quickPickRow(text) {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text });
  }

  async quickPickVisible() {
    return this.page.locator('.quick-input-widget').isVisible();
  }

  /** The setup panel's inner frame (the last webview if several are open). */
  webview() {
    return this.page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('iframe#active-frame');
  }

  /** Opens the setup panel through the palette and waits for its form. */
  async openSetupPanel() {
    await this.runCommand('Configure RutaAPI');
    const wv = this.webview();
    await wv.locator('#api-key').waitFor({ timeout: TIMEOUT });
    // Initialised by the host ('init' prefills the Base URL): what a user sees before typing.
    await waitFor(
      async () => (await wv.locator('#base-url').inputValue()) !== '',
      'the panel to be initialised (#base-url prefilled)',
      TIMEOUT,
    );
    return new SetupPanel(this, wv);
  }

  /**
   * The activation time the editor itself reports for the extension ("Developer: Show Running Extensions"),
   * in ms, or null when it cannot be read. Closes that editor again.
   */
  async activationTimeMs(displayName = 'RutaAPI Connect') {
    try {
      await this.runCommand('Developer: Show Running Extensions');
      const row = this.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: displayName }).first();
      const text = await waitFor(
        async () => {
          const t = await row.innerText({ timeout: 2000 });
          return /Activation:\s*[\d.]+\s*ms/i.test(t) ? t : false;
        },
        'activation time in Running Extensions',
        15_000,
      );
      await this.page.keyboard.press('Control+W').catch(() => {});
      return Number(/Activation:\s*([\d.]+)\s*ms/i.exec(text)[1]);
    } catch {
      return null;
    }
  }

  /**
   * Records what the extension host asks the workbench to open externally (`vscode.env.openExternal`): the
   * `$openUri` RPC messages on the workbench's WebSockets. Only sockets opened after this call are seen: reload the
   * workbench after it. Returns { urls(): string[] (the URLs of those messages, in order), frames(): number, stop() }.
   * Needed because code-server's resolveExternalUri rewrites every loopback URL to its own `/proxy/<port>/` (dropping
   * the path), so the page the browser then opens does not show what the product asked for.
   */
  watchOpenExternal() {
    const found = [];
    const raw = [];
    let frames = 0;
    const onFrame = ({ payload }) => {
      frames++;
      const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('latin1');
      const at = text.indexOf('$openUri');
      if (at < 0) return;
      // $openUri(uriComponents, uriString | undefined, options): the URI's JSON (`external` when the extension host
      // has formatted it, else scheme/authority/path/query/fragment), then the string the extension gave, if any.
      const rest = text.slice(at, at + 4000);
      raw.push(rest.slice(0, 600).replace(/[^\x20-\x7e]/g, '.'));
      const field = (n) => new RegExp(`"${n}":"((?:[^"\\\\]|\\\\.)*)"`).exec(rest)?.[1];
      const external = field('external');
      const scheme = field('scheme');
      if (external) found.push(JSON.parse(`"${external}"`));
      else if (scheme) {
        const [authority, p, query, fragment] = ['authority', 'path', 'query', 'fragment'].map((n) => JSON.parse(`"${field(n) ?? ''}"`));
        found.push(`${scheme}://${authority}${p}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`);
      }
    };
    const onSocket = (ws) => ws.on('framereceived', onFrame);
    this.page.on('websocket', onSocket);
    return { urls: () => [...new Set(found)], frames: () => frames, raw: () => [...raw], stop: () => this.page.off('websocket', onSocket) };
  }

  async screenshot(file) {
    await this.page.screenshot({ path: file });
  }

  /** Text (and markup) of every webview frame: what the canary searches. */
  async webviewDomText() {
    const out = [];
    for (const f of this.page.frames()) {
      if (!/webview|active-frame|pending-frame/.test(`${f.name()} ${f.url()}`)) continue;
      try {
        out.push(await f.evaluate(() => `${document.documentElement.outerHTML}\n${document.body ? document.body.innerText : ''}`));
      } catch {}
    }
    return out.join('\n');
  }
}

export class SetupPanel {
  constructor(wb, frame) {
    this.wb = wb;
    this.f = frame;
    this.baseUrl = frame.locator('#base-url');
    this.apiKey = frame.locator('#api-key');
    this.verifyBtn = frame.locator('#verify');
    this.cancelBtn = frame.locator('#cancel');
    this.saveBtn = frame.locator('#save');
    this.scope = frame.locator('#save-scope');
    this.stepModels = frame.locator('#step-models');
    this.stepChat = frame.locator('#step-chat');
    this.modelFilter = frame.locator('#model-filter');
    this.modelList = frame.locator('#model-list');
    this.diagnosis = frame.locator('#diagnosis');
    this.savedSummary = frame.locator('#saved-summary');
    this.copyReport = frame.locator('#copy-report');
  }

  get actions() {
    return this.wb.actions;
  }

  /** Replaces the field's content the way a paste would (one user action). */
  async paste(locator, text, what) {
    await locator.click();
    await locator.fill('');
    await locator.fill(text);
    this.actions.add(`paste ${what}`);
  }

  async setBaseUrl(url) {
    await this.paste(this.baseUrl, url, 'Base URL');
  }
  async setKey(key) {
    await this.paste(this.apiKey, key, 'API key');
  }

  async clickVerify() {
    await this.verifyBtn.click();
    this.actions.add('click Verify');
  }

  async stepState(which) {
    return (which === 'models' ? this.stepModels : this.stepChat).getAttribute('data-state');
  }

  /** Waits until no step is running and returns both states. */
  async waitStepsSettled(timeout = TIMEOUT) {
    return waitFor(
      async () => {
        const m = await this.stepModels.getAttribute('data-state');
        const c = await this.stepChat.getAttribute('data-state');
        if (m === 'running' || c === 'running') return false;
        if (m === 'idle' && c === 'idle') return false;
        return { models: m, chat: c };
      },
      'verification steps to settle',
      timeout,
    );
  }

  async waitDiagnosis(code, timeout = TIMEOUT) {
    const card = this.f.locator(`#diagnosis[data-code="${code}"]`);
    await card.waitFor({ state: 'visible', timeout });
    return card;
  }

  async diagnosisCode() {
    if (!(await this.diagnosis.isVisible())) return null;
    return this.diagnosis.getAttribute('data-code');
  }

  modelOption(id) {
    return this.f.locator(`#model-list [role=option][data-model-id="${id}"]`);
  }

  async pickModel(id) {
    const opt = this.modelOption(id);
    await opt.waitFor({ timeout: TIMEOUT });
    await opt.click();
    this.actions.add(`pick model ${id}`);
  }

  async saveEnabled() {
    return (await this.saveBtn.isVisible()) && (await this.saveBtn.isEnabled());
  }

  async clickSave() {
    await waitFor(() => this.saveEnabled(), '#save to be enabled');
    await this.saveBtn.click();
    this.actions.add('click Save');
  }

  async waitSaved(timeout = TIMEOUT) {
    await this.savedSummary.waitFor({ state: 'visible', timeout });
    return (await this.savedSummary.innerText()).trim();
  }

  findings(list, code) {
    return this.f.locator(`#${list} [data-code="${code}"]`);
  }
}

export { sleep, waitFor };
