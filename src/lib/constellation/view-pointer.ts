/**
 * The pointer on the map: hovering a star (through the scene's quadtree), clicking it to open it,
 * alt-clicking a pinned one to unpin it, and dragging it to pin it where it is dropped. A press on
 * empty sky is left to the camera's pan.
 */
import { STAR_RADIUS } from './scene';
import { skyChanged, type ViewHost } from './view-state';

/** CSS pixels the pointer travels before a press on a star becomes a drag. */
const DRAG_THRESHOLD = 4;

export class ViewPointer {
  #host: ViewHost;

  constructor(host: ViewHost) {
    this.#host = host;
    const canvas = host.canvas;
    canvas.addEventListener('pointermove', this.#onPointerMove);
    canvas.addEventListener('pointerdown', this.#onPointerDown);
    canvas.addEventListener('pointerup', this.#onPointerUp);
    canvas.addEventListener('pointerleave', this.#onPointerLeave);
  }

  /** The star under a mouse event, or -1. */
  starAt(event: MouseEvent): number {
    const point = this.#pointer(event);
    return this.#hit(point.x, point.y);
  }

  /** Marks the star under the pointer (-1: none) and tells the page. */
  setHover(index: number): void {
    const host = this.#host;
    if (index === host.state.hover) return;
    host.state.hover = index;
    host.canvas.style.cursor = index >= 0 ? 'pointer' : '';
    host.events.hover(index, index >= 0 ? host.screenOf(index) : null);
    host.requestDraw();
  }

  destroy(): void {
    const canvas = this.#host.canvas;
    canvas.removeEventListener('pointermove', this.#onPointerMove);
    canvas.removeEventListener('pointerdown', this.#onPointerDown);
    canvas.removeEventListener('pointerup', this.#onPointerUp);
    canvas.removeEventListener('pointerleave', this.#onPointerLeave);
  }

  #pointer(event: MouseEvent): { x: number; y: number } {
    const rect = this.#host.canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  /** The star under a screen point (a few pixels of slack for small stars), or -1. */
  #hit(x: number, y: number): number {
    const { scene, transform } = this.#host.state;
    if (!scene) return -1;
    const [wx, wy] = transform.invert([x, y]);
    const radius = Math.max(STAR_RADIUS * 1.5, 7 / transform.k);
    return scene.find(wx, wy, radius);
  }

  #onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    const point = this.#pointer(event);
    const index = this.#hit(point.x, point.y);
    if (index < 0) return;
    this.#host.state.drag = { index, startX: point.x, startY: point.y, moved: false };
    this.#host.canvas.setPointerCapture(event.pointerId);
  };

  #onPointerMove = (event: PointerEvent): void => {
    const host = this.#host;
    const state = host.state;
    const point = this.#pointer(event);
    const drag = state.drag;
    if (drag && state.scene) {
      const far = Math.hypot(point.x - drag.startX, point.y - drag.startY) > DRAG_THRESHOLD;
      if (!drag.moved && far && host.events.canPin()) {
        drag.moved = true;
        state.moved = true;
      }
      if (drag.moved) {
        const [wx, wy] = state.transform.invert([point.x, point.y]);
        state.scene.move(drag.index, wx, wy);
        host.canvas.style.cursor = 'grabbing';
        host.events.hover(drag.index, host.screenOf(drag.index));
        host.requestDraw();
      }
      return;
    }
    if (event.buttons) return;
    this.setHover(this.#hit(point.x, point.y));
  };

  #onPointerUp = (event: PointerEvent): void => {
    const host = this.#host;
    const { scene, drag } = host.state;
    host.state.drag = null;
    if (!drag || !scene) return;
    if (host.canvas.hasPointerCapture(event.pointerId)) {
      host.canvas.releasePointerCapture(event.pointerId);
    }
    host.canvas.style.cursor = 'pointer';
    if (drag.moved) {
      // Back into the static sky where it now stands.
      skyChanged(host.state, drag.index);
      host.requestDraw();
      host.events.pin(drag.index, scene.x[drag.index]!, scene.y[drag.index]!);
    } else if (event.altKey && scene.stars[drag.index]?.pinned && host.events.canPin()) {
      host.events.unpin(drag.index);
    } else {
      host.events.open(drag.index, 'pointer');
    }
  };

  #onPointerLeave = (): void => {
    if (!this.#host.state.drag) this.setHover(-1);
  };
}
