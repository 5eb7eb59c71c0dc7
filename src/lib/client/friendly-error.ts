/**
 * The core's refusals name a field path and carry the validator's wording ("name: Too big: expected
 * string to have <=255 characters"); people see a sentence instead ("Name is too long (255
 * characters at most)").
 */
import { LibraryError } from '../library/errors';

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  prompt: 'Prompt',
  evolution_notes: 'What changed',
  notes: 'Notes',
  description: 'Description',
  search_text: 'Search',
  tags: 'Tags',
  tag: 'A tag',
  mood: 'Mood',
  category: 'Category',
  scene_type: 'Scene type',
  engine: 'Engine',
  duration: 'Duration',
  message: 'Message',
  permission: 'Permission',
  share_level: 'Visibility',
  username: 'Username',
  password: 'Password',
  display_name: 'Display name',
};

/** "metadata.tags.3" → "A tag"; "collection_name" → "Collection name". */
export function fieldLabel(path: string): string {
  const parts = path.split('.');
  const last = [...parts].reverse().find((part) => !/^\d+$/.test(part)) ?? path;
  const inList = /^\d+$/.test(parts.at(-1) ?? '');
  if (inList && last === 'tags') return FIELD_LABELS.tag!;
  const known = FIELD_LABELS[last];
  if (known) return known;
  const words = last.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The validator's wording as a plain phrase that follows the field's label. */
function plainProblem(detail: string): string {
  let match = /Too big: expected string to have <=?(\d+) characters/i.exec(detail);
  if (match) return `is too long (${Number(match[1]).toLocaleString()} characters at most)`;
  match = /Too small: expected string to have >=?1 characters/i.exec(detail);
  if (match) return 'cannot be empty';
  match = /Too small: expected string to have >=?(\d+) characters/i.exec(detail);
  if (match) return `is too short (at least ${match[1]} characters)`;
  match = /Too big: expected (?:array|set) to have <=?(\d+) items/i.exec(detail);
  if (match) return `has too many entries (${match[1]} at most)`;
  match = /Too big: expected number to be <=?([\d.]+)/i.exec(detail);
  if (match) return `must be ${match[1]} or less`;
  match = /Too small: expected number to be >=?([\d.]+)/i.exec(detail);
  if (match) return `must be ${match[1]} or more`;
  if (/Invalid option/i.test(detail)) return 'is not one of the allowed choices';
  if (/expected string, received undefined|Required/i.test(detail)) return 'is required';
  if (/Invalid (input|string|format)/i.test(detail)) return 'is not valid';
  return `: ${detail.charAt(0).toLowerCase()}${detail.slice(1)}`;
}

/** A sentence for any library refusal; other errors keep their own message. */
export function friendlyMessage(error: unknown): string | null {
  if (!(error instanceof LibraryError)) return null;
  if (error.code !== 'INVALID' || !error.path) return error.message;
  const prefix = `${error.path}: `;
  const detail = error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
  const problem = plainProblem(detail);
  const label = fieldLabel(error.path);
  return problem.startsWith(':') ? `${label}${problem}` : `${label} ${problem}`;
}
