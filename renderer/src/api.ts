// Where the renderer gets its one Api (browser / Electron renderer): `window.oniondrop`,
// installed by the preload in Electron and by the test bridge in Chromium.
import type { RendererApi } from '../../electron/contract';

declare global {
  interface Window {
    oniondrop?: RendererApi;
  }
}

/** The page was opened without a preload or bridge (e.g. the built HTML opened directly). */
export class ApiMissingError extends Error {
  readonly kind = 'api-missing';
  constructor() {
    super('window.oniondrop is not installed');
    this.name = 'ApiMissingError';
  }
}

export function getApi(): RendererApi {
  const api = window.oniondrop;
  if (api === undefined) throw new ApiMissingError();
  return api;
}
