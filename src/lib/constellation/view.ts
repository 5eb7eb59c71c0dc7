/**
 * The interactive canvas: sizing with devicePixelRatio, pan and zoom, hover, click and drag,
 * and the same by keyboard. The view keeps the state its parts share (view-state.ts) and wires
 * them together: the camera (view-camera.ts, d3-zoom), the pointer (view-pointer.ts), the keys
 * (view-keys.ts) and the frames (view-painter.ts, over the cached picture of the sky). Plain
 * TypeScript; the Svelte component wires it to the page.
 */
import { ViewCamera } from './view-camera';
import { ViewKeys } from './view-keys';
import { ViewPainter } from './view-painter';
import { ViewPointer } from './view-pointer';
import { createViewState, skyChanged, type ViewHost } from './view-state';
import { differingStar } from './sky-stand-in';
import type { ConstellationProbe, ViewEvents, ViewOptions } from './view-api';
import type { Scene } from './scene';

export type { ConstellationProbe, ViewEvents, ViewOptions } from './view-api';

export class ConstellationView {
  readonly canvas: HTMLCanvasElement;
  #events: ViewEvents;
  #state = createViewState();
  #painter: ViewPainter;
  #camera: ViewCamera;
  #pointer: ViewPointer;
  #keys: ViewKeys;
  #resize: ResizeObserver;
  #fitted = false;
  /** Where the focused star was last reported on screen, to report it again when it moves. */
  #focusAt: { x: number; y: number } | null = null;
  #reported = -1;

  constructor(canvas: HTMLCanvasElement, events: ViewEvents, options: ViewOptions = {}) {
    this.canvas = canvas;
    this.#events = events;
    const host: ViewHost = {
      canvas,
      state: this.#state,
      events,
      requestDraw: () => this.requestDraw(),
      screenOf: (index) => this.screenOf(index),
      focusStar: (index, focusOptions) => this.focusStar(index, focusOptions),
    };
    this.#painter = new ViewPainter(host, options, () => this.#reportFocus());
    this.#camera = new ViewCamera(host, {
      pressesStar: (event) => this.#pointer.starAt(event) >= 0,
      onChange: () => this.#painter.transformChanged(),
    });
    this.#pointer = new ViewPointer(host);
    this.#keys = new ViewKeys(host, this.#camera);
    this.#resize = new ResizeObserver(() => this.#measure());
    this.#resize.observe(canvas);
    this.#measure();
    (canvas as HTMLCanvasElement & { constellation?: ConstellationProbe }).constellation =
      this.probe();
  }

  setScene(scene: Scene): void {
    const state = this.#state;
    // The focused star keeps its focus by id: indices change with the data.
    const focusedId = state.focus >= 0 ? state.scene?.stars[state.focus]?.id : undefined;
    this.#keys.storeNudge();
    // New data after a drop differs from the sky on screen in that star alone (now pinned).
    const star = state.scene ? differingStar(state.scene, scene) : null;
    state.scene = scene;
    skyChanged(state, star);
    if (focusedId !== undefined) {
      const index = scene.indexOf.get(focusedId) ?? -1;
      if (index !== state.focus) this.focusStar(index, { reveal: false });
    }
    if (state.hover >= scene.size) this.#pointer.setHover(-1);
    if (!state.moved && scene.size > 0 && scene.settled) {
      this.fit();
      this.#fitted = true;
    }
    this.requestDraw();
  }

  /** Frames every star (and region) in the canvas. */
  fit(): void {
    this.#camera.fit();
  }

  /** Zooms by `factor` around the focused star when it is on screen, else around the centre. */
  zoomBy(factor: number): void {
    this.#camera.zoomBy(factor);
  }

  /**
   * Chooses a star as the keyboard's (-1: none): ringed, reported through `focus`, and (unless
   * `reveal` is false) panned into view when it is off screen or near the edge.
   */
  focusStar(index: number, options: { reveal?: boolean } = {}): void {
    const state = this.#state;
    const scene = state.scene;
    const next = scene && index >= 0 && index < scene.size ? index : -1;
    if (next !== state.focus) this.#keys.storeNudge();
    state.focus = next;
    this.#focusAt = null;
    if (next >= 0 && options.reveal !== false) this.#camera.reveal(next);
    this.#reportFocus();
    this.requestDraw();
  }

  get focused(): number {
    return this.#state.focus;
  }

  requestDraw(): void {
    this.#painter.requestDraw();
  }

  screenOf(index: number): { x: number; y: number } {
    return this.#camera.screenOf(index);
  }

  probe(): ConstellationProbe {
    const state = this.#state;
    const find = (id: string) => state.scene?.indexOf.get(id);
    return {
      screenOf: (id) => {
        const i = find(id);
        return i === undefined ? null : this.screenOf(i);
      },
      worldOf: (id) => {
        const i = find(id);
        return i === undefined ? null : { x: state.scene!.x[i]!, y: state.scene!.y[i]! };
      },
      starCount: () => state.scene?.size ?? 0,
      focused: () => (state.focus >= 0 ? (state.scene?.stars[state.focus]?.id ?? null) : null),
      lastFrameMs: () => this.#painter.lastFrameMs,
      frames: () => this.#painter.frames,
      pictures: () => this.#painter.pictures,
      zoomBy: (factor) => this.zoomBy(factor),
      panBy: (dx, dy) => this.#camera.panBy(dx, dy),
    };
  }

  destroy(): void {
    this.#painter.destroy();
    this.#resize.disconnect();
    this.#camera.destroy();
    this.#pointer.destroy();
    this.#keys.destroy();
    this.#keys.storeNudge();
  }

  #measure(): void {
    const state = this.#state;
    const rect = this.canvas.getBoundingClientRect();
    state.dpr = window.devicePixelRatio || 1;
    state.width = rect.width;
    state.height = rect.height;
    this.canvas.width = Math.max(1, Math.round(rect.width * state.dpr));
    this.canvas.height = Math.max(1, Math.round(rect.height * state.dpr));
    skyChanged(state);
    if (!this.#fitted && state.scene?.settled) {
      this.fit();
      this.#fitted = true;
    }
    this.requestDraw();
  }

  /** Tells the page where the focused star is, when that changed (its card follows it). */
  #reportFocus(): void {
    const state = this.#state;
    const index = state.scene ? state.focus : -1;
    if (index < 0) {
      if (this.#reported !== -1) this.#events.focus(-1, null);
      this.#reported = -1;
      return;
    }
    const at = this.screenOf(index);
    const same = this.#focusAt && this.#focusAt.x === at.x && this.#focusAt.y === at.y;
    if (this.#reported === index && same) return;
    this.#reported = index;
    this.#focusAt = at;
    this.#events.focus(index, at);
  }
}
