/**
 * The keyboard on the map: arrows move between stars, Enter opens the focused one, +/-/0 zoom
 * and frame, Escape lets go, and Shift+arrows move the focused star, which is pinned (as a drag
 * pins) once the keys rest. Which key does what is decided in keyboard.ts.
 */
import { keyAction, nextStar, type Direction } from './keyboard';
import type { ViewCamera } from './view-camera';
import { skyChanged, type ViewHost } from './view-state';

/** Screen pixels a Shift+arrow press moves the focused star. */
const NUDGE = 8;
/** A star moved with Shift+arrows is stored once the keys have rested this long. */
const NUDGE_STORE_MS = 400;

export class ViewKeys {
  #host: ViewHost;
  #camera: ViewCamera;

  constructor(host: ViewHost, camera: ViewCamera) {
    this.#host = host;
    this.#camera = camera;
    host.canvas.addEventListener('keydown', this.#onKeyDown);
    // Leaving the map stores a star being moved at once rather than after the pause.
    host.canvas.addEventListener('blur', this.storeNudge);
  }

  /** Stores a star moved with the keyboard, through the same pin as a drag. */
  storeNudge = (): void => {
    const host = this.#host;
    const nudged = host.state.nudged;
    if (!nudged) return;
    host.state.nudged = null;
    clearTimeout(nudged.timer);
    // Back into the static sky where it now stands.
    skyChanged(host.state, nudged.index);
    host.requestDraw();
    const scene = host.state.scene;
    if (scene && nudged.index < scene.size) {
      host.events.pin(nudged.index, scene.x[nudged.index]!, scene.y[nudged.index]!);
    }
  };

  destroy(): void {
    this.#host.canvas.removeEventListener('keydown', this.#onKeyDown);
    this.#host.canvas.removeEventListener('blur', this.storeNudge);
  }

  #onKeyDown = (event: KeyboardEvent): void => {
    const host = this.#host;
    const state = host.state;
    const scene = state.scene;
    if (!scene || scene.size === 0) return;
    const action = keyAction(event, state.focus >= 0, host.events.canPin());
    if (!action) return;
    event.preventDefault();
    switch (action.kind) {
      case 'move': {
        const centre = state.transform.invert([state.width / 2, state.height / 2]);
        const next = nextStar(scene.x, scene.y, state.focus, action.direction, centre);
        if (next >= 0) host.focusStar(next);
        return;
      }
      case 'nudge':
        return this.#nudge(action.direction);
      case 'open':
        this.storeNudge();
        return host.events.open(state.focus, 'keyboard');
      case 'zoom':
        return this.#camera.zoomBy(action.factor);
      case 'fit':
        return this.#camera.fit();
      case 'release':
        return host.focusStar(-1);
    }
  };

  /** Shift+arrow: moves the focused star a few pixels; stored once the keys rest. */
  #nudge(direction: Direction): void {
    const host = this.#host;
    const state = host.state;
    const scene = state.scene!;
    const index = state.focus;
    const step = NUDGE / state.transform.k;
    const dx = direction === 'left' ? -step : direction === 'right' ? step : 0;
    const dy = direction === 'up' ? -step : direction === 'down' ? step : 0;
    scene.move(index, scene.x[index]! + dx, scene.y[index]! + dy);
    state.moved = true;
    if (state.nudged) clearTimeout(state.nudged.timer);
    state.nudged = { index, timer: setTimeout(this.storeNudge, NUDGE_STORE_MS) };
    this.#camera.reveal(index);
    host.requestDraw();
  }
}
