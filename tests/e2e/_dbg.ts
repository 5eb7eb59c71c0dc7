import { createTeam, launchBrowser, newContext, PASSWORD, signIn, startServer } from './harness';
import { seedLibrary } from './constellation-seed';
const server = await startServer();
const browser = await launchBrowser();
try {
  const { teamId } = await createTeam(server, 'Stars', [{ username: 'ada', role: 'owner' }]);
  const { token } = await server.login('ada', PASSWORD);
  await seedLibrary(server, teamId, token, 50);
  const context = await newContext(browser, server);
  const page = await context.newPage();
  page.on('console', (m) => console.log('console', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  page.on('worker', (w) => console.log('worker', w.url()));
  await signIn(page, 'ada', PASSWORD);
  await page.getByRole('link', { name: 'Constellation' }).click();
  await page.waitForTimeout(4000);
  console.log(
    await page
      .locator('[data-testid="constellation-canvas"]')
      .evaluate((c) => [
        c.getAttribute('data-state'),
        c.getAttribute('data-stars'),
        (c as HTMLCanvasElement).width,
      ]),
  );
  await page.screenshot({ path: '/tmp/dbg/a.png' });
} finally {
  await browser.close();
  await server.stop();
}
