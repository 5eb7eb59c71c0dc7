/**
 * Stored dates may carry an offset or not (`2025-12-22T10:30:00`, as the spec writes them). One
 * without is UTC, on every peer: `Date.parse` would read it in the machine's time zone.
 */
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

export function isoToMs(value: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00Z`);
  return Date.parse(HAS_ZONE.test(value) ? value : `${value}Z`);
}
