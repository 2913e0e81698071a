// The website mode's Content Security Policy choices (renderer).
//
// The contract carries only the policy string (null = none), not which choice
// made it; the default is the effective `website.csp` setting from config.d,
// which the settings view already carries.
import type { SettingsView } from '../../../electron/contract';

/** Used only if the settings do not list `website.csp` (the schema's own default). */
export const FALLBACK_WEBSITE_CSP = "default-src 'self'";

export type CspChoice = 'default' | 'custom' | 'off';

export function defaultWebsiteCsp(settings: SettingsView | null): string {
  const value = settings?.settings.find((s) => s.key === 'website.csp')?.value.trim();
  return value !== undefined && value !== '' ? value : FALLBACK_WEBSITE_CSP;
}

export function cspChoice(csp: string | null, defaultCsp: string): CspChoice {
  if (csp === null) return 'off';
  return csp.trim() === defaultCsp ? 'default' : 'custom';
}
