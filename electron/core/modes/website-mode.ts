// Website mode: a folder served as a static site, plugged into a Session (plain Node).
import type { ShareOptions } from '../../contract';
import type { ModeServer, StartServer } from '../session';
import { startWebsiteServer } from '../website';

export function websiteModeServer(root: string, options: ShareOptions): StartServer {
  return async (listen) => {
    const server = await startWebsiteServer({
      root,
      host: listen.host,
      portRange: listen.portRange,
      title: options.title || undefined,
      csp: options.website.csp,
      directoryListing: options.website.directoryListing,
      serveDotfiles: options.website.serveDotfiles,
    });
    const mode: ModeServer = {
      port: server.port,
      localUrl: server.localUrl,
      setAccepting: (a) => server.setAccepting(a),
      activeTransfers: () => server.activeResponses(),
      close: () => server.close(),
    };
    return mode;
  };
}
