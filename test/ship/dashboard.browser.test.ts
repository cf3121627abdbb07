/**
 * The dashboard in a real headless browser (Chromium from the OS packages, driven by playwright-core):
 * it loads, follows the live feed as a client instantiates and powers on a vApp, and is screenshotted.
 * .ci/run installs Chromium; without it this suite is skipped with a loud message.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startSimulator, type RunningSimulator } from '../../src/index.js';
import { login, client, xml } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, waitTask } from '../support/vcd.js';

const CHROMIUM = process.env.VCDSIM_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOT = join(tmpdir(), 'vcdsim-dashboard', 'dashboard.png');

const available = existsSync(CHROMIUM);
if (!available) {
  console.error(
    `\n${'!'.repeat(78)}\n!! SKIPPED: the dashboard browser test needs Chromium at ${CHROMIUM}.\n` +
      `!! Install it (apt-get install -y chromium) or point VCDSIM_CHROMIUM at a Chromium binary.\n${'!'.repeat(78)}\n`,
  );
}

(available ? describe : describe.skip)('the dashboard in headless Chromium', () => {
  let vcd: RunningSimulator;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const elsewhere: string[] = [];

  beforeAll(async () => {
    vcd = await startSimulator({ speed: 0, logLevel: 'silent' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && !/404|Not Found/i.test(m.text()) && problems.push(`console: ${m.text()}`));
    page.on('request', (r) => !r.url().startsWith(vcd.url) && !r.url().startsWith('data:') && elsewhere.push(r.url()));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await vcd?.stop();
  });

  it('shows the inventory, then the VMs of a new vApp as they are created and powered on', async () => {
    await page.goto(`${vcd.url}/_vcdsim/ui`);
    await page.locator('.vdc[data-vdc="acme-vdc"]').waitFor();
    await page.locator('#conn.live').waitFor();
    expect(await page.locator('.vdc[data-vdc="acme-vdc"] .bars:not(.networks) .bar').count()).toBe(4);
    // Its edge gateway and its two networks, each with its IP use.
    expect(await page.locator('.vdc[data-vdc="acme-vdc"] .networks .bar').count()).toBe(3);
    await page.locator('.vdc[data-vdc="acme-vdc"] [data-gateway="acme-edge"]', { hasText: '1 / 5' }).waitFor();
    expect(await page.locator('.vdc[data-vdc="acme-vdc"] .vapp').count()).toBe(0);
    // The control API is there: no fault rules yet, and the buttons are on.
    await page.locator('#faults .empty', { hasText: 'none' }).waitFor();
    expect(await page.locator('#reset').isDisabled()).toBe(false);
    // A fault rule added through the control side shows up live.
    vcd.sim.faults.add({ id: 'acme-cut', match: { org: 'globex' }, action: { type: 'partition' } });
    await page.locator('#faults', { hasText: 'acme-cut' }).waitFor({ timeout: 10_000 });

    // A client instantiates a three-VM vApp, powered on, through the VCD API.
    const c = client(vcd.sim, await login(vcd.sim, 'alice', 'acme'));
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'three-tier-app');
    const net = vdc.AvailableNetworks.Network.find((n: { name: string }) => n.name === 'acme-web');
    const created = await instantiate(c, vdc, instantiateBody({ name: 'web-shop', template, network: net, powerOn: true }));
    expect(created.status).toBe(201);
    const shop = page.locator('.vapp[data-vapp="web-shop"]');
    await shop.locator('li[data-vm="web"]').waitFor({ timeout: 10_000 });
    expect(await shop.locator('li[data-vm]').allTextContents()).toEqual([
      expect.stringContaining('web'), expect.stringContaining('app'), expect.stringContaining('db'),
    ]);
    await page.locator('.task .op', { hasText: 'vdcInstantiateVapp' }).waitFor();

    // The task completes on the simulated clock: the VMs turn on, with their addresses.
    await waitTask(vcd.sim, c, xml(created.text).doc.Tasks.Task[0].href);
    await shop.locator('li[data-vm="db"] .dot.on').waitFor({ timeout: 10_000 });
    expect(await shop.locator('li[data-vm="web"] .meta').textContent()).toMatch(/^2 vCPU · 2\.0 GB · 10\.10\.10\.\d+$/);

    // A second vApp left mid-deploy, so the page shows a task running with its progress.
    const { vdc: dev, template: ubuntu } = await findInventory(c, 'acme-dev', 'ubuntu-22.04');
    const second = await instantiate(c, dev, instantiateBody({ name: 'build-agent', template: ubuntu, powerOn: true }));
    expect(second.status).toBe(201);
    vcd.sim.clock.advance(8_000);
    await page.locator('.vapp[data-vapp="build-agent"] .dot.busy').first().waitFor({ timeout: 10_000 });
    await page.locator('.task .status.running').first().waitFor({ timeout: 10_000 });
    await page.locator('.task .status.success').first().waitFor();

    mkdirSync(join(tmpdir(), 'vcdsim-dashboard'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(20_000);
    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
  }, 60_000);
});
