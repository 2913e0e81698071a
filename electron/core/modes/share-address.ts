// The server of a Share tab's address (plain Node): the shared files alone at
// the root, or, when the address also receives, the files under /share/ and
// uploads under /receive/ with a landing page at '/' (see address-modes.ts).
import type { ShareOptions } from '../../contract';
import type { Translator } from '../../../i18n/messages';
import type { StartServer } from '../session';
import type { Catalog } from '../share';
import { addressModes } from './address-modes';
import { modeServer, type ModePart } from './mode-part';
import { receivePart, type ReceiveModeSettings } from './receive-mode';
import { sharePart } from './share-mode';

export function shareAddressServer(catalog: Catalog, options: ShareOptions, receive: ReceiveModeSettings, translator?: Translator): StartServer {
  const parts = addressModes('share', options).map((mode): ModePart => {
    switch (mode) {
      case 'share':
        return sharePart(catalog, options, translator);
      case 'receive':
        return receivePart(options, receive, translator);
      case 'website':
        throw new Error('a website is never part of a share address');
    }
  });
  return modeServer(parts, { translator, limits: options.alsoReceive ? receive.httpLimits : undefined });
}
