// Which file names in a config folder are read, and in which order (plain Node).

/**
 * Names editors and package managers leave next to real config files. Only
 * `*.conf` is read anyway; these rules also apply to %include wildcard matches,
 * where the pattern, not the suffix, selects the files.
 */
export function isBackupName(name: string): boolean {
  return name.startsWith('.') || isLeftoverName(name); // dotfiles, vim's .name.swp, emacs' .#name
}

/** Backup and package-manager leftovers, by suffix (dotfiles aside). */
export function isLeftoverName(name: string): boolean {
  return (
    name.endsWith('~') || // kate, emacs, gedit backups
    name.includes('.dpkg-') || // dpkg: .dpkg-old, -new, -dist, -tmp, -bak, -remove
    name.includes('.ucf-') || // ucf: .ucf-old, -new, -dist
    /\.(rpmnew|rpmsave|rpmorig|bak|swp)$/.test(name)
  );
}

/** A file in a config folder (or a folder named by %include) is read when this holds. */
export function isConfigFileName(name: string): boolean {
  return name.endsWith('.conf') && !isBackupName(name);
}

/** Lexical order of the bytes (C locale), never the user's locale. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
