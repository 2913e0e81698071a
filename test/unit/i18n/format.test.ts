// Sizes, rates, durations and dates in the chosen language's own number and date forms, through Intl (plain Node).
import { describe, expect, it } from 'vitest';
import { formatBytes, formatRate } from '../../../i18n/format-bytes';
import { formatDateTime, formatDuration } from '../../../i18n/format-time';
import { translatorFor } from '../../../i18n/messages';

const strip = (s: string): string => s.replace(/[\u2066-\u2069]/g, '');

describe('formatting in the chosen language', () => {
  it('sizes and rates use the language’s decimal separator and digits', () => {
    const en = translatorFor('en');
    const de = translatorFor('de');
    const fa = translatorFor('fa');
    expect(formatBytes(en.t, 'en', 1_500_000)).toContain('1.5');
    expect(formatBytes(de.t, 'de', 1_500_000)).toContain('1,5');
    expect(strip(formatBytes(fa.t, 'fa', 1_500_000))).toContain('۱٫۵');
    expect(formatRate(de.t, 'de', 2_500_000)).toContain('2,5');
  });

  it('durations use the language’s digits and words', () => {
    const fa = translatorFor('fa');
    const en = translatorFor('en');
    expect(formatDuration(en.t, 'en', 7500)).toBe('2 h 5 min');
    const persian = strip(formatDuration(fa.t, 'fa', 7500));
    expect(persian).toContain('۲');
    expect(persian).toContain('۵');
    expect(persian).not.toMatch(/[0-9]/);
  });

  it('dates follow the language', () => {
    const ms = Date.UTC(2026, 4, 12, 9, 30);
    expect(formatDateTime('de', ms)).toContain('12.05.2026');
    expect(formatDateTime('fa', ms)).toMatch(/[۰-۹]/);
  });
});
