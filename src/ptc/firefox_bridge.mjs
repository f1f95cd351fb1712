// Debian's Firefox ESR for the tests (ptc/engines.py), driven by
// puppeteer-core over WebDriver BiDi: there is no geckodriver to install,
// and puppeteer-core never downloads a browser.
//
// One JSON object a line on stdin, one answer a line on stdout:
//   {"id": 1, "op": "goto", "args": {"url": "..."}}
//   -> {"id": 1, "value": ...} or {"id": 1, "error": "..."}
// The first line out is {"ready": "<browser version>"} (or {"error": ...}).
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const FIREFOX = process.env.PTC_FIREFOX || "/usr/bin/firefox-esr";
// Every host but the loopback site goes to the tests' recording proxy.
const [proxyHost, proxyPort] = (process.env.PTC_PROXY || "").split(":");
const proxyPrefs = proxyHost
  ? {
      "network.proxy.type": 1,
      "network.proxy.http": proxyHost,
      "network.proxy.http_port": Number(proxyPort),
      "network.proxy.ssl": proxyHost,
      "network.proxy.ssl_port": Number(proxyPort),
      "network.proxy.share_proxy_settings": true,
      // Firefox's remote settings: its own requests, not the page's.
      "services.settings.server": "http://dummy.test/remote-settings/v1",
    }
  : {};
const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");

let browser;
try {
  browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: proxyPrefs,
    // puppeteer's own Firefox profile already turns off updates, telemetry,
    // safe browsing and the other background requests.
  });
} catch (err) {
  send({ error: `cannot start ${FIREFOX}: ${err.message}` });
  process.exit(1);
}

const pages = new Map(); // page id -> {page, requests}
let nextPage = 1;

const ops = {
  async version() {
    return browser.version();
  },
  async newPage() {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const entry = { page, context, requests: [], errors: [], dialogs: [] };
    page.on("request", (request) => entry.requests.push(request.url()));
    page.on("pageerror", (error) => entry.errors.push(String(error.message ?? error)));
    page.on("dialog", (dialog) => {
      entry.dialogs.push(dialog.message());
      dialog.dismiss().catch(() => {});
    });
    const id = nextPage++;
    pages.set(id, entry);
    return id;
  },
  async closePage({ page }) {
    const entry = pages.get(page);
    pages.delete(page);
    await entry.context.close();
  },
  async goto({ page, url }) {
    await pages.get(page).page.goto(url, { waitUntil: "load", timeout: 60_000 });
  },
  async evaluate({ page, expression }) {
    // JSON round trip: undefined becomes null, as in the other engines.
    const value = await pages.get(page).page.evaluate(expression);
    return value === undefined ? null : value;
  },
  async click({ page, selector }) {
    await pages.get(page).page.click(selector);
  },
  async press({ page, keys }) {
    // "Control+a": hold the modifiers, press the last key.
    const keyboard = pages.get(page).page.keyboard;
    const parts = keys.split("+");
    const key = parts.pop();
    for (const modifier of parts) await keyboard.down(modifier);
    await keyboard.press(key);
    for (const modifier of parts.reverse()) await keyboard.up(modifier);
  },
  async events({ page }) {
    const { requests, errors, dialogs } = pages.get(page);
    return { requests, errors, dialogs };
  },
  async front({ page }) {
    await pages.get(page).page.bringToFront();
  },
  async screenshot({ page, path }) {
    await pages.get(page).page.screenshot({ path, fullPage: false });
  },
  async quit() {
    await browser.close();
    setImmediate(() => process.exit(0));
  },
};

send({ ready: await browser.version() });

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", async (line) => {
  const { id, op, args } = JSON.parse(line);
  try {
    send({ id, value: (await ops[op](args ?? {})) ?? null });
  } catch (err) {
    send({ id, error: String(err && err.message ? err.message : err) });
  }
});
lines.on("close", () => browser.close().finally(() => process.exit(0)));
