// The website mode's Content Security Policy choices (renderer).
//
// The contract carries only the policy (null = none), not which choice made
// it; the default is the effective `website.csp` setting from config.d, taken
// typed from the settings view (null when a config file sets it empty: then
// "Default" sends none).
import type { SettingsView } from '../../../electron/contract';

/** Used only before the settings have arrived (the schema's own default). */
export const FALLBACK_WEBSITE_CSP = "default-src 'self'";

export type CspChoice = 'default' | 'custom' | 'off';

export function defaultWebsiteCsp(settings: SettingsView | null): string | null {
  return settings ? settings.user['website.csp'].value : FALLBACK_WEBSITE_CSP;
}

export function cspChoice(csp: string | null, defaultCsp: string | null): CspChoice {
  if (csp === defaultCsp || (csp !== null && defaultCsp !== null && csp.trim() === defaultCsp.trim())) return 'default';
  return csp === null ? 'off' : 'custom';
}
