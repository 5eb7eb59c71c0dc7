/**
 * Words for generated libraries: a head of real words people type into video prompts, then a long
 * tail of pronounceable made-up words, so the vocabulary is tens of thousands of terms with a
 * Zipf-like spread rather than thirty words.
 */
import { seededRandom } from './random';

export const HEAD_WORDS = (
  'cinematic shot light hero city night dramatic slow motion camera close sunset forest ocean ' +
  'neon rain street dark golden hour wide angle portrait woman man robot dragon castle mountain ' +
  'storm fire smoke glowing futuristic ancient epic battle quiet morning fog desert space ship ' +
  'planet star galaxy underwater waves beach snow winter summer autumn spring flowers garden ' +
  'river bridge tower skyline rooftop alley market crowd dancer runner horse wolf bird eagle ' +
  'cat dog child old young smiling running walking flying falling explosion reflection mirror ' +
  'window door kitchen coffee car train station airport highway drone aerial tracking handheld ' +
  'static pan tilt zoom dolly orbit vintage film grain anime watercolor painting sketch pixel ' +
  'hyperrealistic soft warm cold blue red green purple orange pink silver shadow silhouette ' +
  'magic portal spell wizard knight sword shield armor cyberpunk steampunk jungle cave ice lava ' +
  'volcano thunder lightning moon sun clouds sky horizon field wheat village temple ruins'
).split(/\s+/);

export const TAG_HEAD = (
  'cinematic hero intro action fantasy gaming marketing social trailer teaser broll nature ' +
  'urban scifi horror comedy romance documentary product logo loop background character ' +
  'portrait landscape timelapse aerial night sunset water fire animals people tech abstract ' +
  'retro anime music sports travel food fashion architecture vehicles weather space ocean'
).split(/\s+/);

export const CATEGORIES = [
  'marketing',
  'content',
  'social',
  'product',
  'entertainment',
  'education',
  'internal',
  'advertising',
  'music_video',
  'trailer',
  'brand',
  'tutorial',
  'event',
  'experimental',
  'archive',
];

export const MOODS = [
  'dramatic',
  'intense',
  'calm',
  'mysterious',
  'joyful',
  'melancholic',
  'epic',
  'playful',
  'romantic',
  'eerie',
  'hopeful',
  'tense',
];

export const SCENE_TYPES = ['wide', 'medium', 'close_up', 'tracking', 'aerial', 'static'];
export const ENGINES = ['runway', 'pika', 'luma', 'stability', 'kling', 'sora'];

const ONSETS = 'b c d f g h j k l m n p r s t v w z br cr dr fl gr kr pl pr sh st th tr'.split(' ');
const VOWELS = 'a e i o u ai ea ee io ou y'.split(' ');
const CODAS = ' n r s l m t nd rk st x ng'.split(' ');

/** `count` distinct made-up words, the same for the same seed. */
export function tailWords(count: number, seed: number, exclude: readonly string[] = []): string[] {
  const random = seededRandom(seed);
  const seen = new Set(exclude);
  const words: string[] = [];
  const part = (list: readonly string[]) => list[Math.floor(random() * list.length)]!;
  while (words.length < count) {
    const syllables = 1 + Math.floor(random() * 3);
    let word = '';
    for (let s = 0; s < syllables; s++) word += part(ONSETS) + part(VOWELS);
    word += part(CODAS);
    if (word.length < 3 || seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  return words;
}
