/** The Range header and the magic-byte type check, on their own. */
import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../server/blobs/range';
import { sniffContentType } from '../../../server/blobs/sniff';
import { fixture } from './helpers';

describe('parseRange', () => {
  const size = 1000;
  it.each([
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=500-', { start: 500, end: 999 }],
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    ['bytes=990-5000', { start: 990, end: 999 }],
  ])('%s', (header, range) => expect(parseRange(header, size)).toEqual(range));

  it('serves the whole file for what it does not understand', () => {
    for (const header of [undefined, '', 'bytes=0-1,5-9', 'items=0-9', 'bytes=9-1', 'bytes=-']) {
      expect(parseRange(header, size)).toBeNull();
    }
  });

  it('refuses ranges outside the file', () => {
    expect(parseRange('bytes=1000-', size)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', size)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
  });
});

describe('sniffContentType', () => {
  it('knows the shipped clips and thumbnails by their first bytes', () => {
    expect(sniffContentType(fixture('clip-testsrc2.mp4'))).toBe('video/mp4');
    expect(sniffContentType(fixture('clip-mandelbrot.webm'))).toBe('video/webm');
    expect(sniffContentType(fixture('thumb.jpg'))).toBe('image/jpeg');
    expect(sniffContentType(fixture('thumb.png'))).toBe('image/png');
  });

  it('knows QuickTime and WebP, and nothing else', () => {
    const mov = Buffer.from('\0\0\0\x14ftypqt  \0\0\0\0', 'latin1');
    expect(sniffContentType(mov)).toBe('video/quicktime');
    expect(sniffContentType(Buffer.from('RIFF\x10\0\0\0WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffContentType(Buffer.from('RIFF\x10\0\0\0AVI LIST', 'latin1'))).toBeNull();
    expect(sniffContentType(Buffer.from('GIF89a......'))).toBeNull();
    expect(sniffContentType(Buffer.from('<svg xmlns="'))).toBeNull();
    expect(sniffContentType(Buffer.alloc(0))).toBeNull();
  });
});
