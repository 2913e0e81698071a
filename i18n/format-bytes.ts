// Byte counts and rates in words (neutral): "4.2 GB", "1.3 MB/s", through the i18n layer.
import type { TFunction } from 'i18next';

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** Decimal units (1 kB = 1000 B), like the desktop's file manager. */
export function formatBytes(t: TFunction, lng: string, bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const text = new Intl.NumberFormat(lng, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
  return t(`units.${UNITS[unit] ?? 'B'}`, { value: text });
}

export function formatRate(t: TFunction, lng: string, bytesPerSecond: number): string {
  return t('units.rate', { value: formatBytes(t, lng, bytesPerSecond) });
}

/** Megabytes typed by the user <-> bytes in the options (0 stays "no limit"). */
export function megabytesToBytes(mb: number): number {
  return Number.isFinite(mb) && mb > 0 ? Math.round(mb * 1_000_000) : 0;
}

export function bytesToMegabytes(bytes: number): number {
  return Math.round((bytes / 1_000_000) * 100) / 100;
}
