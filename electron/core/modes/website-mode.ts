// Website mode: a folder served as a static site, plugged into a Session (plain Node).
import type { ShareOptions } from '../../contract';
import type { Translator } from '../../../i18n/messages';
import type { StartServer } from '../session';
import { createWebsiteMode } from '../website';
import { MODE_PREFIX } from './address-modes';
import { singleModeServer, type ModePart } from './mode-part';

/**
 * The website as a part of an address, at '/website' beside other modes.
 * There, the site's own absolute links ("/style.css") point outside it: a
 * site made for the root of an address belongs alone on one.
 */
export function websitePart(root: string, options: ShareOptions, translator?: Translator): ModePart {
  return {
    prefix: MODE_PREFIX.website,
    create: (door) =>
      createWebsiteMode(
        {
          root,
          title: options.title || undefined,
          csp: options.website.csp,
          directoryListing: options.website.directoryListing,
          serveDotfiles: options.website.serveDotfiles,
          translator,
        },
        door,
      ),
  };
}

/** A website alone on its address. */
export function websiteModeServer(root: string, options: ShareOptions, translator?: Translator): StartServer {
  return singleModeServer(websitePart(root, options, translator), { translator });
}
