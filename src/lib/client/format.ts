/** How numbers and dates read in the views. */

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '0:00';
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The known moods, in order round the colour wheel: neighbours in feeling sit next to each other,
 * and every mood is 22.5° from the next so no two share a colour (the grid, the family tree and the
 * constellation all colour by this one list).
 */
export const KNOWN_MOODS = [
  'intense',
  'epic',
  'energetic',
  'joyful',
  'playful',
  'hopeful',
  'serene',
  'calm',
  'melancholic',
  'dark',
  'dreamy',
  'mysterious',
  'elegant',
  'romantic',
  'dramatic',
  'tense',
] as const;

const MOOD_HUES: Record<string, number> = Object.fromEntries(
  KNOWN_MOODS.map((mood, index) => [mood, Math.round((index * 360) / KNOWN_MOODS.length)]),
);

/** A hue for a mood: a fixed one for the known moods; others get a stable one from their letters. */
export function moodHue(mood: string | null): number {
  if (!mood) return 222;
  const known = MOOD_HUES[mood.trim().toLowerCase()];
  if (known !== undefined) return known;
  let hash = 0;
  for (const char of mood.toLowerCase()) hash = (hash * 33 + char.charCodeAt(0)) % 360;
  return hash;
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? noun : nouns}`;
}

/** The scene types offered when creating or editing a clip (stored with underscores). */
export const SCENE_TYPES = ['wide', 'medium', 'close_up', 'tracking', 'aerial', 'static'] as const;

/** "close_up" → "close up". */
export function sceneLabel(value: string): string {
  return value.replace(/_/g, ' ');
}
