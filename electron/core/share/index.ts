// Share mode: catalog, download routes, the share page; parts reused by website and receive mode (plain Node).
export * from './admission';
export type { ArchiveSource } from './archive-source';
export * from './catalog';
export * from './catalog-index';
export * from './content-disposition';
export * from './errors';
export * from './etag';
export type * from './events';
export { serveFile, type FileTarget } from './file-route';
export { sharePage, type ListingRow, type SharePageModel } from './pages';
export { findChangedFile } from './planned-file';
export * from './ranges';
export * from './request-path';
export { pages, sendPage } from './respond';
export type { RouteContext } from './route-context';
export { FILES_PREFIX } from './share-app';
export * from './share-server';
