// Lighthouse 11 (the peer of UI-01, UI-06 and TX-01: content-width, tap-targets, font-size) on each URL given, in
// one Chromium, printing one JSON object {url: {audit id: {score, displayValue, items}}}. Usage:
//   node lighthouse_audits.mjs CHROMIUM_PATH WIDTH HEIGHT DPR AUDIT_ID[,AUDIT_ID…] URL…
// with extra Chromium flags (a JSON list) in $PEER_CHROME_FLAGS (the fixture server's certificate, for one).
// Each page is loaded by puppeteer under mobile emulation of the given viewport (CSS px) and then audited in
// Lighthouse's snapshot mode (the page as it stands after load: no reload, no trace, no throttling, which
// none of these audits uses).
import {snapshot} from 'lighthouse';
import puppeteer from 'puppeteer-core';

const [chromePath, width, height, dpr, audits, ...urls] = process.argv.slice(2);
const ids = audits.split(',');
const viewport = {width: +width, height: +height, deviceScaleFactor: +dpr, isMobile: true, hasTouch: true};
const browser = await puppeteer.launch({
  executablePath: chromePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--lang=zh-CN', ...JSON.parse(process.env.PEER_CHROME_FLAGS || '[]')],
});
const out = {};
try {
  for (const url of urls) {
    const page = await browser.newPage();
    await page.setViewport(viewport);
    await page.goto(url, {waitUntil: 'networkidle0', timeout: 30000});
    const result = await snapshot(page, {
      config: {extends: 'lighthouse:default', settings: {onlyAudits: ids}},
      flags: {screenEmulation: {mobile: true, width: +width, height: +height, deviceScaleFactor: +dpr, disabled: false},
              formFactor: 'mobile', logLevel: 'error'},
    });
    const lhr = result.lhr;
    out[url] = {};
    for (const id of ids) {
      const a = lhr.audits[id];
      out[url][id] = a ? {score: a.score, displayValue: a.displayValue ?? null, explanation: a.explanation ?? null,
        error: a.errorMessage ?? null, items: ((a.details && a.details.items) || []).length} : null;
    }
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
