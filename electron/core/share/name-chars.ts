// Characters a shared name may not contain: C0 controls, DEL and backslash (plain Node).
// Controls corrupt listings and terminals; a zip tool on Windows reads a
// backslash as a folder separator. Written without a regex because a control
// range in one reads like a typo (and lint says so).

function unsafe(code: number): boolean {
  return code < 0x20 || code === 0x7f || code === 0x5c;
}

export function hasUnsafeNameChar(name: string): boolean {
  for (let i = 0; i < name.length; i++) if (unsafe(name.charCodeAt(i))) return true;
  return false;
}

export function replaceUnsafeNameChars(name: string, replacement: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) out += unsafe(name.charCodeAt(i)) ? replacement : name[i];
  return out;
}
