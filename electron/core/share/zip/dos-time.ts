// MS-DOS date/time fields and Unix seconds for zip headers (plain Node).
// Computed in UTC so the same file gives the same bytes on every machine and in
// every time zone; the extended-timestamp extra field carries the exact Unix time
// for tools that honour it (Info-ZIP unzip, 7-Zip, libarchive).

export interface DosDateTime {
  /** bits 15-11 hour, 10-5 minute, 4-0 seconds/2 */
  time: number;
  /** bits 15-9 years since 1980, 8-5 month, 4-0 day */
  date: number;
}

// The DOS fields cannot express anything before 1980-01-01 or after 2107-12-31.
const DOS_MIN_MS = Date.UTC(1980, 0, 1, 0, 0, 0);
const DOS_MAX_MS = Date.UTC(2107, 11, 31, 23, 59, 58);

export function dosDateTime(mtimeMs: number): DosDateTime {
  const clamped = Math.min(Math.max(mtimeMs, DOS_MIN_MS), DOS_MAX_MS);
  const d = new Date(clamped);
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  return { time, date };
}

/**
 * Seconds for the 0x5455 extra field. Readers disagree on whether the field is
 * signed, so only the range both readings agree on (1970 to 2038) is used.
 */
export function unixSeconds(mtimeMs: number): number {
  return Math.min(Math.max(Math.floor(mtimeMs / 1000), 0), 0x7fffffff);
}
