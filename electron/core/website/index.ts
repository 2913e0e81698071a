// Website mode: a folder served as a static site (plain Node).
export * from './content-types';
export { SiteCatalog, type SiteCatalogOptions } from './site-catalog';
export { noneMatchHits, serveSiteFile, type SiteFileContext, type SiteFileOutcome } from './site-file';
export { listingPage } from './website-pages';
export * from './website-server';
