// Share mode: the files the user chose, served as one file or an on-the-fly
// zip, plugged into a Session (plain Node).
import type { Problem, ShareOptions } from '../../contract';
import { translatorFor, type Translator } from '../../../i18n/messages';
import { archiveName, createArchiveSource } from '../archive';
import type { ModeEvent, StartServer } from '../session';
import { createShareMode, type Catalog, type ShareServerEvent } from '../share';
import { hashCachePath } from '../share/file-hash-cache';
import { MODE_PREFIX } from './address-modes';
import { singleModeServer, type ModePart } from './mode-part';

export interface ShareModeSettings {
  /** The app's data folder: a persistent share keeps its files' hashes there (file-hashes.json). */
  dataDir?: string | null;
}

/**
 * Where a share's file hashes are remembered: only a persistent share's, which
 * the user asked to come back; any other share leaves no record of what it shared.
 */
export function hashCacheFor(options: Pick<ShareOptions, 'persistentName'>, settings: ShareModeSettings): string | null {
  return options.persistentName && settings.dataDir ? hashCachePath(settings.dataDir) : null;
}

/** The share as a part of an address, at '/share' beside other modes; its pages speak the share's language unless `translator` says otherwise. */
export function sharePart(
  catalog: Catalog,
  options: ShareOptions,
  translator: Translator = translatorFor(options.language),
  settings: ShareModeSettings = {},
): ModePart {
  return {
    prefix: MODE_PREFIX.share,
    translator,
    create: async (door, onEvent) => {
      const several = catalog.entries.length !== 1 || catalog.entries[0]?.kind !== 'file';
      const base = options.title || (catalog.roots.length === 1 ? (catalog.roots[0]?.name ?? 'OnionDrop') : 'OnionDrop');
      const archive = several ? createArchiveSource(catalog, { name: archiveName(base), compress: options.compress }) : undefined;
      // What started events said, for the events that do not repeat it.
      const started = new Map<string, { name: string; wholeShare: boolean }>();
      return createShareMode(
        {
          catalog,
          archive,
          title: options.title || undefined,
          // The archive (or the only file) counts for "stop after first download"; single files of many do not.
          stopAfterFirstDownload: options.stopAfterFirstDownload,
          translator,
          hashing: { cacheFile: hashCacheFor(options, settings) },
          onEvent: (e) => {
            const mapped = toModeEvent(e, started);
            if (mapped) onEvent(mapped);
          },
        },
        door,
      );
    },
  };
}

/** A share alone on its address (the app and the CLI use share-address.ts, which adds uploads when asked). */
export function shareModeServer(catalog: Catalog, options: ShareOptions, translator: Translator = translatorFor(options.language)): StartServer {
  return singleModeServer(sharePart(catalog, options, translator), { translator });
}

function toModeEvent(e: ShareServerEvent, started: Map<string, { name: string; wholeShare: boolean }>): ModeEvent | null {
  switch (e.type) {
    case 'download-started':
      started.set(e.id, { name: e.name, wholeShare: e.wholeShare });
      return { type: 'transfer-started', id: e.id, direction: 'download', name: e.name, total: e.total, bytes: e.rangeStart };
    case 'download-progress':
      return { type: 'transfer-progress', id: e.id, bytes: e.bytes, total: e.total };
    case 'download-finished': {
      const wholeShare = started.get(e.id)?.wholeShare ?? false;
      started.delete(e.id);
      return { type: 'transfer-finished', id: e.id, complete: e.complete, wholeShare, bytes: e.bytes };
    }
    case 'download-cancelled': {
      const name = started.get(e.id)?.name ?? '';
      started.delete(e.id);
      const problem: Problem | null = e.reason === 'file-changed' ? { kind: 'file-changed', name } : null;
      return { type: 'transfer-cancelled', id: e.id, problem, bytes: e.bytes };
    }
    case 'request-refused':
      return null;
  }
}
