/**
 * Small real clips for the demo library, made with ffmpeg's built-in test sources (testsrc2,
 * mandelbrot, life, cellauto, colour bars, gradients) in different sizes, lengths and hues, each
 * with a JPEG poster. Without ffmpeg, the few clips shipped in tests/fixtures are used instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface DemoClip {
  video: Buffer;
  poster: Buffer;
  duration: number;
  width: number;
  height: number;
  source: string;
}

const SIZES: [number, number][] = [
  [320, 180],
  [256, 144],
  [240, 240],
  [180, 320],
];

function sourceOf(kind: number, width: number, height: number, seed: number): string {
  const size = `size=${width}x${height}`;
  switch (kind % 7) {
    case 0:
      return `testsrc2=${size}:rate=15`;
    case 1:
      return `mandelbrot=${size}:rate=15:start_scale=${1 + (seed % 3)}`;
    case 2:
      return `life=${size}:rate=12:mold=10:ratio=0.3:seed=${seed}:life_color=#7cc4ff:death_color=#1a1830`;
    case 3:
      return `cellauto=${size}:rate=12:rule=${[30, 90, 110, 150][seed % 4]}`;
    case 4:
      return `smptehdbars=${size}:rate=15`;
    case 5:
      return `gradients=${size}:rate=15:speed=0.05:seed=${seed}`;
    default:
      return `rgbtestsrc=${size}:rate=15`;
  }
}

export function hasFfmpeg(): boolean {
  return spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
}

function ffmpeg(args: string[]): Buffer {
  return execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** `count` clips made with ffmpeg (a second or so each on a small machine). */
export function generateClips(count: number, log: (line: string) => void): DemoClip[] {
  const clips: DemoClip[] = [];
  for (let i = 0; i < count; i++) {
    const [width, height] = SIZES[i % SIZES.length]!;
    const duration = 2 + (i % 3);
    const hue = (i * 47) % 360;
    const source = sourceOf(i, width, height, i + 1);
    const input = ['-f', 'lavfi', '-i', source, '-t', String(duration)];
    const filter = ['-vf', `hue=h=${hue}:s=1.1,format=yuv420p`];
    const video = ffmpeg([
      ...input,
      ...filter,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-crf',
      '33',
      '-movflags',
      'frag_keyframe+empty_moov+default_base_moof',
      '-f',
      'mp4',
      'pipe:1',
    ]);
    const poster = ffmpeg([
      ...input,
      ...filter,
      '-ss',
      '1',
      '-frames:v',
      '1',
      '-q:v',
      '5',
      '-f',
      'image2',
      '-c:v',
      'mjpeg',
      'pipe:1',
    ]);
    clips.push({ video, poster, duration, width, height, source: source.split('=')[0]! });
    log(`  clip ${i + 1}/${count}: ${source.split('=')[0]} ${width}x${height} ${duration}s`);
  }
  return clips;
}

/** The clips shipped with the repository, reused round-robin up to `count`. */
export function fixtureClips(root: string, count: number): DemoClip[] {
  const dir = path.join(root, 'tests/fixtures');
  const poster = readFileSync(path.join(dir, 'thumb.jpg'));
  const shipped: Omit<DemoClip, 'poster'>[] = [
    ['clip-testsrc2.mp4', 320, 180, 'testsrc2'],
    ['clip-mandelbrot.webm', 240, 240, 'mandelbrot'],
    ['clip-life.mp4', 192, 108, 'life'],
    ['clip-cellauto.mp4', 192, 108, 'cellauto'],
  ]
    .filter(([file]) => existsSync(path.join(dir, file as string)))
    .map(([file, width, height, source]) => ({
      video: readFileSync(path.join(dir, file as string)),
      duration: 2,
      width: width as number,
      height: height as number,
      source: source as string,
    }));
  return Array.from({ length: count }, (_, i) => ({ ...shipped[i % shipped.length]!, poster }));
}
