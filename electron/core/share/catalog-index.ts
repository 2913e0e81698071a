// Lookup tables over a catalog: entry by path, children of a folder, folder sizes (plain Node).
// The server answers every request from these maps; a request path is never
// joined onto the file system.
import type { Catalog, CatalogEntry } from './catalog';

export interface CatalogIndex {
  readonly catalog: Catalog;
  /** `relPath` as in the catalog: folders end with '/'. */
  get(relPath: string): CatalogEntry | undefined;
  /** Direct children of a folder ('' is the top level), in catalog order. */
  children(folderRelPath: string): readonly CatalogEntry[];
  /** Bytes of every file under a folder ('' is the whole share). */
  folderBytes(folderRelPath: string): number;
}

/** '' for a top-level entry, else the parent folder's relPath ('a/b/'). */
export function parentOf(relPath: string): string {
  const bare = relPath.endsWith('/') ? relPath.slice(0, -1) : relPath;
  const cut = bare.lastIndexOf('/');
  return cut < 0 ? '' : bare.slice(0, cut + 1);
}

export function indexCatalog(catalog: Catalog): CatalogIndex {
  const byPath = new Map<string, CatalogEntry>();
  const kids = new Map<string, CatalogEntry[]>();
  const bytes = new Map<string, number>();
  for (const entry of catalog.entries) {
    byPath.set(entry.relPath, entry);
    const parent = parentOf(entry.relPath);
    const list = kids.get(parent);
    if (list) list.push(entry);
    else kids.set(parent, [entry]);
    if (entry.kind === 'file') {
      // Add the size to every ancestor folder and to the whole share ('').
      for (let folder = parent; ; folder = parentOf(folder)) {
        bytes.set(folder, (bytes.get(folder) ?? 0) + entry.size);
        if (folder === '') break;
      }
    }
  }
  return {
    catalog,
    get: (relPath) => byPath.get(relPath),
    children: (folder) => kids.get(folder) ?? [],
    folderBytes: (folder) => bytes.get(folder) ?? 0,
  };
}
