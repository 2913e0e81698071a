// Which mode server a share starts, from what the user chose (plain Node).
import type { Problem } from '../contract';
import type { AppContext } from '../core/app-context';
import { chatModeServer } from '../core/modes/chat-mode';
import { receiveModeServer, receiveModeSettings } from '../core/modes/receive-mode';
import { shareAddressProblem, shareAddressServer } from '../core/modes/share-address';
import { websiteModeServer } from '../core/modes/website-mode';
import type { StartServer } from '../core/session';
import { buildCatalog } from '../core/share';
import type { Share } from './share-view';

/** The server to start, or the Problem that says why the share cannot start as it is. */
export async function startServerFor(share: Share, app: AppContext): Promise<StartServer | Problem> {
  switch (share.mode) {
    case 'share': {
      if (share.items.length === 0) return { kind: 'nothing-to-share' };
      // With alsoReceive the same address takes uploads too (share-address.ts).
      const catalog = await buildCatalog(share.items.map((i) => i.path));
      const problem = await shareAddressProblem(catalog, share.options);
      return problem ?? shareAddressServer(catalog, share.options, receiveModeSettings(app.config.values), { dataDir: app.dataDir });
    }
    case 'receive':
      return receiveModeServer(share.options, receiveModeSettings(app.config.values));
    case 'website': {
      // A website is one folder: its index.html is the front page.
      const folder = share.items.find((i) => i.kind === 'folder');
      if (!folder) return { kind: 'nothing-to-share' };
      return websiteModeServer(folder.path, share.options);
    }
    case 'chat':
      // A room needs nothing chosen: it opens empty, with the host in it.
      return chatModeServer(share.options);
  }
}
