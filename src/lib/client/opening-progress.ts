/** The "Opening library…" line and bar shown while the rooms are read on a cold open. */

/** How far the load is (the workspace's `progress`). */
export interface LoadCounts {
  roomsLoaded: number;
  roomsTotal: number;
  clips: number;
}

export interface OpeningProgress {
  text: string;
  percent: number;
}

/**
 * Rooms read and clips indexed, against the clip count the remembered first screen expects
 * (0 when there is none): whichever share is further along drives the bar.
 */
export function openingProgress(progress: LoadCounts, expectedClips: number): OpeningProgress {
  const { roomsLoaded, roomsTotal, clips } = progress;
  const parts = [`${roomsLoaded} of ${roomsTotal} ${roomsTotal === 1 ? 'room' : 'rooms'} read`];
  if (clips > 0 || expectedClips > 0) {
    parts.push(
      expectedClips > 0
        ? `${clips.toLocaleString()} of ${expectedClips.toLocaleString()} clips`
        : `${clips.toLocaleString()} clips`,
    );
  }
  const share = Math.max(
    roomsTotal > 0 ? roomsLoaded / roomsTotal : 0,
    expectedClips > 0 ? Math.min(1, clips / expectedClips) : 0,
  );
  return { text: parts.join(' · '), percent: Math.round(100 * share) };
}
