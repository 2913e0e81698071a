// What a download has done so far, in a small file beside it, so that running it again resumes (plain Node).
//
// ".oniondrop-get-<service id>.state" in the destination folder: the share's
// ETag, the folders made for it, and per file its part file and the byte
// ranges on disk (only ranges flushed to disk before the state was written:
// see download.ts), or the name it was saved under. Written atomically
// (mode 0600), so a kill -9 leaves the previous state or the new one. Read
// back as strictly as a manifest: every path must stay inside the folder.
// A lock file beside it keeps two runs from writing the same download.
import { constants } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFileAtomically } from '../atomic-file';
import { sharePathProblem } from '../manifest/paths';
import { errnoCode } from '../share/errors';
import { GetError } from './errors';
import type { Span } from './intervals';

const FORMAT = 'oniondrop-get-state';
const VERSION = 1;

export type GetMode = 'files' | 'archive';

export interface TargetState {
  /** The part file, relative to the destination, while the file is being fetched. */
  part: string | null;
  done: Span[];
  /** Where it was saved, relative to the destination, once finished. */
  savedAs: string | null;
}

export interface GetState {
  serviceId: string;
  etag: string;
  mode: GetMode;
  /** Folder of the share ("album/") -> folder made for it, relative to the destination ("album (2)/"). */
  folders: Record<string, string>;
  /** By file path in the share (or the archive's name). */
  targets: Record<string, TargetState>;
}

export function statePath(destination: string, serviceId: string): string {
  return join(destination, `.oniondrop-get-${serviceId}.state`);
}

function lockPath(destination: string, serviceId: string): string {
  return join(destination, `.oniondrop-get-${serviceId}.lock`);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function localPath(value: unknown, kind: 'file' | 'folder'): string | null | undefined {
  if (value === null) return null;
  return typeof value === 'string' && sharePathProblem(value, kind) === null ? value : undefined;
}

function spans(value: unknown): Span[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: Span[] = [];
  for (const item of value) {
    if (!Array.isArray(item) || item.length !== 2) return undefined;
    const [s, e] = item as unknown[];
    if (!Number.isSafeInteger(s) || !Number.isSafeInteger(e) || (s as number) < 0 || (e as number) < (s as number)) return undefined;
    out.push([s as number, e as number]);
  }
  return out;
}

/** The state of an earlier run, null when there is none; a damaged or tampered file counts as none. */
export async function readState(destination: string, serviceId: string): Promise<GetState | null> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(statePath(destination, serviceId), 'utf8'));
  } catch {
    return null;
  }
  if (!isRecord(json) || json['format'] !== FORMAT || json['version'] !== VERSION) return null;
  const { etag, mode, folders, targets } = json;
  if (json['serviceId'] !== serviceId || typeof etag !== 'string' || (mode !== 'files' && mode !== 'archive')) return null;
  if (!isRecord(folders) || !isRecord(targets)) return null;
  const state: GetState = { serviceId, etag, mode, folders: {}, targets: {} };
  for (const [key, value] of Object.entries(folders)) {
    const local = localPath(value, 'folder');
    if (!local) return null;
    state.folders[key] = local;
  }
  for (const [key, value] of Object.entries(targets)) {
    if (!isRecord(value)) return null;
    const part = localPath(value['part'], 'file');
    const savedAs = localPath(value['savedAs'], 'file');
    const done = spans(value['done']);
    if (part === undefined || savedAs === undefined || done === undefined) return null;
    state.targets[key] = { part, done, savedAs };
  }
  return state;
}

export function writeState(destination: string, state: GetState): void {
  const { serviceId, etag, mode, folders, targets } = state;
  try {
    writePrivateFileAtomically(statePath(destination, serviceId), JSON.stringify({ format: FORMAT, version: VERSION, serviceId, etag, mode, folders, targets }));
  } catch (error) {
    throw new GetError({ kind: 'get-write', path: statePath(destination, serviceId), code: errnoCode(error) });
  }
}

export async function removeState(destination: string, serviceId: string): Promise<void> {
  await unlink(statePath(destination, serviceId)).catch(() => undefined);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

/** Takes the folder's lock for this share; a lock left by a process that died (kill -9) is taken over. */
export async function lockDownload(destination: string, serviceId: string): Promise<() => Promise<void>> {
  const path = lockPath(destination, serviceId);
  for (let tries = 0; tries < 2; tries++) {
    try {
      const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw new GetError({ kind: 'get-write', path, code: errnoCode(error) });
    }
    const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) break;
    if (pid === process.pid) break;
    await unlink(path).catch(() => undefined);
  }
  throw new GetError({ kind: 'get-destination', path: destination, reason: 'busy' });
}
