// Website mode: a folder served as a static site, plugged into a Session (plain Node).
import type { ShareOptions } from '../../contract';
import { translatorFor, type Translator } from '../../../i18n/messages';
import type { StartServer } from '../session';
import { createWebsiteMode } from '../website';
import { MODE_PREFIX } from './address-modes';
import { singleModeServer, type ModePart } from './mode-part';

/**
 * The website as a part of an address, at '/website' beside other modes.
 * There, the site's own absolute links ("/style.css") point outside it: a
 * site made for the root of an address belongs alone on one. Its own pages
 * (refusals, file lists) speak the share's language unless `translator` says otherwise.
 */
export function websitePart(root: string, options: ShareOptions, translator: Translator = translatorFor(options.language)): ModePart {
  return {
    prefix: MODE_PREFIX.website,
    translator,
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
export function websiteModeServer(root: string, options: ShareOptions, translator: Translator = translatorFor(options.language)): StartServer {
  return singleModeServer(websitePart(root, options, translator), { translator });
}
