/**
 * One cold open under the CDP sampling profiler: where the main thread spends the time between
 * navigation and the first painted card, by function (self time). The build is minified, so
 * module-level names are mangled; method and class names (Yjs's `integrate`, the index's methods)
 * survive and name the work.
 */
import type { BrowserContext } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

export interface HotFunction {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

export async function profileColdOpen(context: BrowserContext, top = 12): Promise<HotFunction[]> {
  for (const old of context.pages()) await old.close();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await page.goto('/', { timeout: 600_000 });
  await page.waitForFunction(() => window.__open.firstPaint !== null, undefined, {
    timeout: 600_000,
    polling: 100,
  });
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  await cdp.detach();
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, { name: string; where: string; us: number }>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byNode.get(id);
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (!node) return;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') return;
    total += us;
    const file = url.split('/').pop() ?? '';
    const where = file ? `${file}:${lineNumber + 1}:${columnNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const entry = self.get(key) ?? { name: functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    self.set(key, entry);
  });
  return [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((entry) => ({
      name: entry.name,
      where: entry.where,
      selfMs: entry.us / 1000,
      share: entry.us / Math.max(1, total),
    }));
}
