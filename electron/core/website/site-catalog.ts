// The website's catalog, rebuilt lazily so edits to the site show up without a restart (plain Node).
//
// Unlike share mode, whose files must stay what was shared, a website is
// something people keep editing. So the catalog (built by the same walk and
// the same symlink rules as share mode: nothing outside the folder, no
// symlinked folders) is rebuilt on a request once it is older than
// `maxAgeMs`, and at once when a file turns out to have been replaced
// (editors save by writing a new file and renaming it over the old one).
// Concurrent requests share one rebuild.
//
// A site folder is often a working copy: `.git/` (history, remotes, at times
// credentials in its config) is never served, and other dotfiles and
// dot-folders (.htpasswd, .env, .ssh) only when the sharer turns that on
// (website.serve_dotfiles). What is left out is not in the catalog at all,
// so it is neither served nor listed.
import { buildCatalog, type Catalog } from '../share/catalog';
import { indexCatalog, type CatalogIndex } from '../share/catalog-index';

export interface SiteCatalogOptions {
  /** Reuse a catalog this long before walking the folder again (default 1000 ms). */
  maxAgeMs?: number;
  now?: () => number;
  /** Serve dotfiles other than .git (default false). */
  serveDotfiles?: boolean;
}

/** The names website mode leaves out of a site: `.git` always, other dot names unless `serveDotfiles`. */
export function leftOutOfSite(serveDotfiles: boolean): (name: string) => boolean {
  return (name) => name === '.git' || (!serveDotfiles && name.startsWith('.'));
}

function emptyCatalog(): Catalog {
  return { layout: 'contents', roots: [], entries: [], skipped: [], totals: { files: 0, directories: 0, bytes: 0 } };
}

export class SiteCatalog {
  private index: CatalogIndex;
  private builtAt: number;
  private rebuilding: Promise<CatalogIndex> | null = null;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly leaveOut: (name: string) => boolean;

  private constructor(
    readonly root: string,
    first: Catalog,
    options: SiteCatalogOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.maxAgeMs = options.maxAgeMs ?? 1000;
    this.leaveOut = leftOutOfSite(options.serveDotfiles ?? false);
    this.index = indexCatalog(first);
    this.builtAt = this.now();
  }

  /** Walks `root` once; throws CatalogRootError when it is not a readable folder. */
  static async create(root: string, options: SiteCatalogOptions = {}): Promise<SiteCatalog> {
    const leaveOut = leftOutOfSite(options.serveDotfiles ?? false);
    return new SiteCatalog(root, await buildCatalog([root], { layout: 'contents', leaveOut }), options);
  }

  /** The catalog as of at most maxAgeMs ago. */
  current(): Promise<CatalogIndex> {
    if (this.now() - this.builtAt < this.maxAgeMs) return Promise.resolve(this.index);
    return this.rebuild();
  }

  /** Walk the folder again now (or join a walk under way). */
  rebuild(): Promise<CatalogIndex> {
    this.rebuilding ??= buildCatalog([this.root], { layout: 'contents', leaveOut: this.leaveOut })
      // The folder itself went away or became unreadable: serve nothing until it is back.
      .catch(() => emptyCatalog())
      .then((catalog) => {
        this.index = indexCatalog(catalog);
        this.builtAt = this.now();
        return this.index;
      })
      .finally(() => {
        this.rebuilding = null;
      });
    return this.rebuilding;
  }
}
