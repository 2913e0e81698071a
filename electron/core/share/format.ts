// Human-readable byte counts for pages (plain Node).

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 532 -> "532 bytes", 1536 -> "1.5 KiB", 10 GiB -> "10 GiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  let value = bytes;
  let unit = '';
  for (const u of UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = u;
  }
  const digits = value < 10 ? 1 : 0;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${unit}`;
}
