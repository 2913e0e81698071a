// Durations, clock times and <input type="datetime-local"> values (neutral).
import type { TFunction } from 'i18next';

/** "2 h 5 min" in the words of the catalogue, its numbers in the language's digits (Persian: ۲). */
export function formatDuration(t: TFunction, lng: string, seconds: number): string {
  const n = new Intl.NumberFormat(lng, { maximumFractionDigits: 0 });
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) {
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return m === 0 ? t('units.hOnly', { h: n.format(h) }) : t('units.h', { h: n.format(h), m: n.format(m) });
  }
  if (s >= 60) return t('units.min', { m: n.format(Math.floor(s / 60)), s: n.format(s % 60) });
  return t('units.s', { s: n.format(s) });
}

export function formatClock(lng: string, ms: number): string {
  return new Intl.DateTimeFormat(lng, { hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
}

export function formatDateTime(lng: string, ms: number): string {
  return new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** ISO 8601 (the options' form) -> the local "YYYY-MM-DDTHH:MM" a datetime-local input shows. */
export function isoToLocalInput(iso: string | null): string {
  if (iso === null) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The input's local time -> ISO 8601, or null when the field is empty or invalid. */
export function localInputToIso(value: string): string | null {
  if (value === '') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
