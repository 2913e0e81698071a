// The front door every mode is served through (plain Node).
export * from './client-errors';
export * from './connections';
export * from './front-door';
export * from './host-check';
export { escapeHtml, html, SafeHtml, type HtmlValue } from './html';
export * from './landing';
export * from './limits';
export type * from './mode';
export * from './page';
export * from './security-headers';
