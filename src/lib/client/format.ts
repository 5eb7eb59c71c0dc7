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

const MOOD_HUES: Record<string, number> = {
  intense: 8,
  dramatic: 340,
  calm: 190,
  mysterious: 265,
  joyful: 45,
  dark: 230,
  epic: 20,
  melancholic: 215,
  playful: 95,
  serene: 165,
};

/** A hue for a mood (known moods keep their feel; others get a stable one from their letters). */
export function moodHue(mood: string | null): number {
  if (!mood) return 222;
  const known = MOOD_HUES[mood.toLowerCase()];
  if (known !== undefined) return known;
  let hash = 0;
  for (const char of mood) hash = (hash * 33 + char.charCodeAt(0)) % 360;
  return hash;
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? noun : nouns}`;
}
