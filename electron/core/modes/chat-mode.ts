// Chat mode: a room the host and visitors talk in, plugged into a Session (plain Node).
import type { ShareOptions } from '../../contract';
import { translatorFor, type Translator } from '../../../i18n/messages';
import { createChatMode, type ChatLimits } from '../chat';
import type { StartServer } from '../session';
import { MODE_PREFIX } from './address-modes';
import { singleModeServer, type ModePart } from './mode-part';

/** The room as a part of an address, at '/chat' beside other modes (the landing page links it); its pages speak the share's language unless `translator` says otherwise. */
export function chatPart(options: ShareOptions, translator: Translator = translatorFor(options.language), limits?: Partial<ChatLimits>): ModePart {
  return {
    prefix: MODE_PREFIX.chat,
    translator,
    create: (door, onEvent) =>
      createChatMode(
        {
          title: options.title || undefined,
          hostName: options.chat.name || null,
          history: options.chat.history,
          translator,
          limits,
          onEvent,
        },
        door,
      ),
  };
}

/** A room alone on its address. */
export function chatModeServer(options: ShareOptions, translator: Translator = translatorFor(options.language), limits?: Partial<ChatLimits>): StartServer {
  return singleModeServer(chatPart(options, translator, limits), { translator });
}
