/** Colours of the map: stars by mood (moodHue, the one palette the grid and tree use too), regions by name. */
import { moodHue } from '../client/format';
import { unitHash } from './seed';

export function moodColor(mood: string | null): string {
  if (!mood) return 'hsl(220 12% 70%)';
  return `hsl(${moodHue(mood)} 80% 66%)`;
}

/** A faint hue per region, spread by a hash of the category name. */
export function regionHue(category: string): number {
  return Math.round(unitHash(category, 7) * 360);
}
