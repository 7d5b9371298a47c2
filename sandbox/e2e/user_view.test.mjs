// The sandbox user view in real headless Chromium (Debian's package), driven by playwright-core:
// open the URL the core builds, choose an outcome, land on the callback, read the result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const bin = process.env.YOTI_AGE_BIN ?? new URL('../../target/debug/yoti-age', import.meta.url).pathname;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let sandbox, config, browser, receiver, receiverUrl;
const landings = [];

function env() {
  return {
    ...process.env,
    YOTI_SDK_ID: config.sdk_id,
    YOTI_API_KEY: config.api_key,
    YOTI_AVS_URL: config.avs_url,
    YOTI_POA_URL: config.poa_url,
  };
}

function cli(...args) {
  return execFileSync(bin, args, { env: env(), encoding: 'utf8' }).trim();
}

function createSession(extra) {
  const body = {
    type: 'OVER', ttl: 900,
    age_estimation: { allowed: true, threshold: 18 },
    digital_id: { allowed: true, threshold: 18 },
    cancel_url: `${receiverUrl}/cancelled`,
    ...extra,
  };
  // Through the CLI, so the request is validated and sent by the core.
  const file = join(mkdtempSync(join(tmpdir(), 'yoti-age-e2e-')), 'session.json');
  writeFileSync(file, JSON.stringify(body));
  return JSON.parse(cli('--json', 'session', 'create', '--file', file)).id;
}

before(async () => {
  sandbox = spawn(bin, ['sandbox', '--port', '0', '--print-config'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: sandbox.stdout }).once('line', resolve);
    sandbox.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  config = JSON.parse(line);
  receiver = createServer((req, res) => {
    landings.push(new URL(req.url, 'http://x'));
    res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Relying party</h1>');
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${receiver.address().port}`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  receiver?.close();
  sandbox?.stdin.end();
});

test('auto callback: choose age estimation, land on the callback, result is COMPLETE', async () => {
  const id = createSession({ callback: { url: `${receiverUrl}/done`, auto: true } });
  const url = cli('session', 'url', id);
  const page = await browser.newPage();
  await page.goto(url);
  assert.equal(await page.title(), 'Verify your age · yoti-age sandbox');
  await page.getByLabel('AGE_ESTIMATION (threshold 18)').check();
  await page.getByLabel('Real age').fill('30');
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.waitForURL(`${receiverUrl}/done?sessionId=${id}`);
  const landing = landings.findLast((u) => u.pathname === '/done');
  assert.equal(landing.searchParams.get('sessionId'), id);
  const result = JSON.parse(cli('--json', 'session', 'result', id));
  assert.equal(result.status, 'COMPLETE');
  assert.equal(result.method, 'AGE_ESTIMATION');
  assert.equal(result.age, 18);
  await page.close();
});

test('continue step: auto false shows a Continue link to the callback', async () => {
  const id = createSession({ callback: { url: `${receiverUrl}/next`, auto: false } });
  const page = await browser.newPage();
  await page.goto(cli('session', 'url', id, '--method', 'yoti'));
  assert.ok(await page.getByLabel('DIGITAL_ID (threshold 18)').isChecked(), 'the method path preselects Digital ID');
  await page.getByLabel('Real age').fill('16');
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByText('FAIL').waitFor();
  await page.getByRole('link', { name: 'Continue' }).click();
  await page.waitForURL(`${receiverUrl}/next?sessionId=${id}`);
  assert.equal(JSON.parse(cli('--json', 'session', 'result', id)).status, 'FAIL');
  await page.close();
});

test('cancel: the user is sent to cancel_url and the session is CANCELLED', async () => {
  const id = createSession({ callback: { url: `${receiverUrl}/done`, auto: true } });
  const page = await browser.newPage();
  await page.goto(cli('session', 'url', id));
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.waitForURL(`${receiverUrl}/cancelled?sessionId=${id}`);
  assert.equal(JSON.parse(cli('--json', 'session', 'result', id)).status, 'CANCELLED');
  await page.close();
});
