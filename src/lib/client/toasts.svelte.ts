/** Messages for the person at the screen: every error they should know about ends up here. */
import { isLibraryError } from '$lib/library/errors';
import { ApiError } from './api';
import { friendlyMessage } from './friendly-error';

export type ToastKind = 'error' | 'info' | 'success';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;

  show(kind: ToastKind, message: string, ttlMs = kind === 'error' ? 7000 : 3500): void {
    const id = this.#next++;
    this.items = [...this.items.slice(-4), { id, kind, message }];
    setTimeout(() => this.dismiss(id), ttlMs);
  }

  info(message: string): void {
    this.show('info', message);
  }

  success(message: string): void {
    this.show('success', message);
  }

  /** Shows any thrown value as a readable error. */
  error(error: unknown, prefix?: string): void {
    const message = describeError(error);
    this.show('error', prefix ? `${prefix}: ${message}` : message);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((toast) => toast.id !== id);
  }
}

export function describeError(error: unknown): string {
  if (isLibraryError(error)) return friendlyMessage(error) ?? error.message;
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export const toasts = new Toasts();

/** Runs `action`, turning a thrown error into a toast; answers whether it succeeded. */
export function attempt(action: () => void, prefix?: string): boolean {
  try {
    action();
    return true;
  } catch (error) {
    toasts.error(error, prefix);
    return false;
  }
}
