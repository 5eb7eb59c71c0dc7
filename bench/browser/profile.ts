/**
 * One cold open under the CDP sampling profiler: where the main thread spends the time between
 * navigation and the library live (every room loaded, the live grid painted). The build is minified, so module-level names are
 * mangled; method names survive (Yjs's `integrate`/`write`, y-websocket's `connectBc`, the live
 * index's `reindexText`/`apply`) and each sample goes to the first group its stack falls in.
 */
import { writeFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** Groups in priority order: a sample counts for the first whose names its stack contains. */
const GROUPS: { label: string; names: string[] }[] = [
  {
    label: 'y-websocket connectBc: whole doc encoded for the BroadcastChannel',
    names: ['connectBc'],
  },
  { label: 'live index: text index (MiniSearch add)', names: ['reindexText'] },
  { label: 'live index: records, facets, sort orders', names: ['apply'] },
  {
    label: 'Yjs: encoding updates (the load transaction as an "update" event)',
    names: ['write', 'writeAny', 'writeString'],
  },
  {
    label: 'Yjs: decoding and integrating the stored updates',
    names: ['integrate', 'readAny', 'readString', 'readVarString'],
  },
  { label: 'garbage collector', names: ['(garbage collector)'] },
];

export interface ProfileGroup {
  label: string;
  ms: number;
  share: number;
}

export async function profileColdOpen(context: BrowserContext): Promise<ProfileGroup[]> {
  for (const old of context.pages()) await old.close();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await page.goto('/', { timeout: 600_000 });
  await page.waitForFunction(() => window.__open.livePaint !== null, undefined, {
    timeout: 600_000,
    polling: 100,
  });
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  await cdp.detach();
  if (process.env.BENCH_PROFILE_DUMP) {
    writeFileSync(process.env.BENCH_PROFILE_DUMP, JSON.stringify(profile));
  }
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const leaf = byId.get(id)?.callFrame.functionName;
    if (leaf === undefined || leaf === '(idle)' || leaf === '(program)') return;
    const us = profile.timeDeltas[i + 1] ?? 0;
    total += us;
    const names = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      names.add(byId.get(at)!.callFrame.functionName);
    }
    const group =
      GROUPS.find((g) => g.names.some((name) => names.has(name)))?.label ??
      'other (app start, Svelte, layout, …)';
    totals.set(group, (totals.get(group) ?? 0) + us);
  });
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(([label, us]) => ({ label, ms: us / 1000, share: us / Math.max(1, total) }));
}
