// Opens the Caravan console in headless Chromium the way an operator would: log in, land on the Camel
// routes, find Caravan's routes, then the io.caravan Queues MBean in the JMX tree. Prints one JSON line per
// finding on standard output; ConsoleBrowserIT reads them. Arguments come from the environment.
const { chromium } = require('playwright-core');

const base = process.env.CONSOLE_URL;
const out = (what) => console.log(JSON.stringify(what));

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(base + '/hawtio/', { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('input[name="pf-login-username-id"], #pf-login-username-id', { timeout: 60000 });
    await page.fill('#pf-login-username-id', process.env.CONSOLE_USER);
    await page.fill('#pf-login-password-id', process.env.CONSOLE_PASSWORD);
    await page.click('button[type="submit"]');
    // the first page after the login: Hawtio's first plugin, the Camel routes with Connect disabled
    await page.waitForURL(/\/hawtio\/(?!login)[a-z]/, { timeout: 60000 });
    await page.waitForTimeout(3000);
    out({ landed: new URL(page.url()).pathname });
    const routes = ['ingress-mx', 'routing', 'bounce'];
    for (const route of routes) {
      const found = await page.getByText(route, { exact: true }).first().waitFor({ timeout: 30000 })
        .then(() => true).catch(() => false);
      out({ route, found });
    }
    // the routes table: each route's state and exchange counts
    await page.getByText('routes', { exact: true }).first().click().catch(() => {});
    await page.waitForTimeout(3000);
    if (process.env.SCREENSHOT) {
      await page.screenshot({ path: process.env.SCREENSHOT });
      out({ screenshot: process.env.SCREENSHOT });
    }
    // each stage's route diagram, with its decisions (content-based routers, splits, recipient lists)
    for (const route of (process.env.DIAGRAMS || '').split(',').filter((r) => r)) {
      await page.goto(base + '/hawtio/camel/routes', { waitUntil: 'domcontentloaded' });
      const node = page.getByText(route, { exact: true }).first();
      const shown = await node.waitFor({ timeout: 30000 }).then(() => node.click()).then(() => true)
        .catch(() => false);
      let diagram = false;
      if (shown) {
        diagram = await page.getByText('Route Diagram', { exact: true }).first().click({ timeout: 30000 })
          .then(() => page.waitForSelector('.react-flow__node', { timeout: 30000 })).then(() => true)
          .catch(() => false);
        await page.waitForTimeout(2000);
        await page.screenshot({ path: process.env.DIAGRAM_DIR + '/route-' + route + '.png', fullPage: true });
      }
      out({ diagram: route, found: diagram });
    }
    await page.goto(base + '/hawtio/jmx', { waitUntil: 'domcontentloaded' });
    const domain = page.getByText('io.caravan', { exact: true }).first();
    const domainFound = await domain.waitFor({ timeout: 60000 }).then(() => true).catch(() => false);
    out({ jmxDomain: 'io.caravan', found: domainFound });
    if (domainFound) {
      await domain.click();
      const queues = await page.getByText('Queues', { exact: true }).first().waitFor({ timeout: 30000 })
        .then(() => true).catch(() => false);
      out({ mbean: 'Queues', found: queues });
    }
  } finally {
    await browser.close();
  }
})().catch((e) => {
  out({ error: String(e && e.stack || e) });
  process.exit(1);
});
