/**
 * What runs inside the page (each function is serialised by playwright, so it is self-contained).
 * Times are `performance.now()`: milliseconds since the navigation started.
 *
 * "Painted" is the first task after the animation frame that follows a DOM change: the frame's
 * rendering steps (style, layout, paint) run between the two, so the change is on screen by then.
 */

export interface IdbRead {
  store: string;
  start: number;
  end: number;
  records: number;
  bytes: number;
}

export interface OpenProbe {
  /** The first `[data-asset-id]` card in the DOM (a remembered first screen's, when there is one). */
  firstCard: number | null;
  firstPaint: number | null;
  /** Whether that first card was the remembered first screen's (rooms not loaded yet). */
  firstScreen: boolean | null;
  /** The library live: every room loaded, the grid interactive (`[data-library="live"]`). */
  live: number | null;
  livePaint: number | null;
  domContentLoaded: number | null;
  idb: IdbRead[];
  longTasks: { start: number; duration: number }[];
}

export interface LatencySample {
  /** From the input event's timestamp (when the key was pressed) to the DOM showing the result. */
  dom: number;
  /** … to the first task after the next frame (the result painted). */
  paint: number;
}

export interface ScrollFigures {
  frames: number;
  distancePx: number;
  meanFps: number;
  meanFrameMs: number;
  p95FrameMs: number;
  maxFrameMs: number;
  over50ms: number;
  /** Cards found in the DOM after the scroll (virtualised: a screenful, not all of them). */
  cardsInDom: number;
}

declare global {
  interface Window {
    __open: OpenProbe;
    __latency: {
      arm(done: string): void;
      wait(): Promise<LatencySample>;
    };
    __scrollGrid: typeof scrollGrid;
  }
}

/** Installed before the app's scripts: first card, its paint, IndexedDB reads, long tasks. */
export function installOpenProbe(): void {
  const probe: OpenProbe = {
    firstCard: null,
    firstPaint: null,
    firstScreen: null,
    live: null,
    livePaint: null,
    domContentLoaded: null,
    idb: [],
    longTasks: [],
  };
  window.__open = probe;
  const afterPaint = (then: (at: number) => void) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => then(performance.now());
      channel.port2.postMessage(0);
    });
  const observer = new MutationObserver(() => {
    if (probe.firstCard === null && document.querySelector('[data-asset-id]')) {
      probe.firstCard = performance.now();
      probe.firstScreen = document.querySelector('[data-library="first-screen"]') !== null;
      afterPaint((at) => (probe.firstPaint = at));
    }
    // Live and interactive: the live grid (or the live empty state of an empty library).
    const live = document.querySelector('[data-library="live"]');
    if (probe.live === null && live) {
      probe.live = performance.now();
      observer.disconnect();
      afterPaint((at) => (probe.livePaint = at));
    }
  });
  observer.observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-library'],
  });
  document.addEventListener('DOMContentLoaded', () => {
    probe.domContentLoaded = performance.now();
  });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no long task timing in this browser
  }
  // y-indexeddb reads a room's stored updates with one getAll: time it and weigh what it read.
  const getAll = IDBObjectStore.prototype.getAll;
  IDBObjectStore.prototype.getAll = function (this: IDBObjectStore, ...args) {
    const start = performance.now();
    const request = getAll.apply(this, args);
    const store = this.name;
    request.addEventListener('success', () => {
      const rows = request.result as unknown[];
      let bytes = 0;
      for (const row of rows) if (row instanceof Uint8Array) bytes += row.byteLength;
      probe.idb.push({ store, start, end: performance.now(), records: rows.length, bytes });
    });
    return request;
  } as typeof getAll;

  // Search latency: armed before a key press or click, resolved when the result count shows
  // the expected text (`done`), or differs from `!text`, then painted.
  let pending: {
    done: string;
    input: number | null;
    dom: number | null;
    resolve: ((sample: LatencySample) => void) | null;
    sample: LatencySample | null;
    observer: MutationObserver;
  } | null = null;
  const onInput = (event: Event) => {
    if (pending && pending.input === null) pending.input = event.timeStamp;
  };
  for (const type of ['keydown', 'pointerdown', 'mousedown'])
    window.addEventListener(type, onInput, { capture: true });
  window.__latency = {
    arm(done) {
      pending?.observer.disconnect();
      const check = () => {
        const current = pending;
        if (!current || current.dom !== null) return;
        const text = document.querySelector('[data-testid="result-count"]')?.textContent ?? '';
        // `!text`: any change from that text (a facet click); otherwise the text must appear.
        const ok = done.startsWith('!') ? text !== done.slice(1) : text.includes(done);
        if (!ok) return;
        current.dom = performance.now();
        current.observer.disconnect();
        afterPaint((at) => {
          const input = current.input ?? current.dom!;
          current.sample = { dom: current.dom! - input, paint: at - input };
          current.resolve?.(current.sample);
        });
      };
      pending = {
        done,
        input: null,
        dom: null,
        resolve: null,
        sample: null,
        observer: new MutationObserver(check),
      };
      pending.observer.observe(document.body, {
        childList: true,
        subtree: true,
        characterData: true,
      });
    },
    wait() {
      const current = pending;
      if (!current) return Promise.reject(new Error('not armed'));
      if (current.sample) return Promise.resolve(current.sample);
      return new Promise((resolve) => (current.resolve = resolve));
    },
  };
}

/**
 * Scrolls the grid's scroller `frames` animation frames by `step` pixels each (a fling down a
 * long library) and times every frame.
 */
export async function scrollGrid({
  frames,
  step,
}: {
  frames: number;
  step: number;
}): Promise<ScrollFigures> {
  const grid = document.querySelector('[role="grid"]');
  if (!grid) throw new Error('no grid');
  const scroller = [grid, ...grid.querySelectorAll('*')].find((el) => {
    const style = getComputedStyle(el);
    return /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight;
  });
  if (!scroller) throw new Error('no scrolling element in the grid');
  const start = scroller.scrollTop;
  const times: number[] = [];
  await new Promise<void>((resolve) => {
    let last = -1;
    let n = 0;
    const tick = (now: number) => {
      if (last >= 0) times.push(now - last);
      last = now;
      if (n++ >= frames) return resolve();
      scroller.scrollTop += step;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const sorted = [...times].sort((a, b) => a - b);
  const total = times.reduce((sum, t) => sum + t, 0);
  return {
    frames: times.length,
    distancePx: scroller.scrollTop - start,
    meanFps: (1000 * times.length) / total,
    meanFrameMs: total / times.length,
    p95FrameMs: sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))]!,
    maxFrameMs: sorted.at(-1)!,
    over50ms: times.filter((t) => t > 50).length,
    cardsInDom: document.querySelectorAll('[data-asset-id]').length,
  };
}
