// Integration tests (plain Node): a real `electron-builder --linux deb AppImage` run, offline, up to fpm and mksquashfs.
//
// Only the downloads are replaced: the Electron binary by a stand-in that
// carries Electron's fuse wire (electronDist), fpm by a recorder
// (CUSTOM_FPM_PATH) and the AppImage tools by a recording mksquashfs and a
// stand-in runtime (APPIMAGE_TOOLS_PATH); both variables are electron-builder's
// own switches. Everything else is electron-builder 26 doing what
// `npm run dist` does: reading electron-builder.yml, running the
// artifactBuildStarted hook, packing the asar, flipping the fuses, writing the
// desktop entries and the maintainer scripts, and assembling fpm's arguments.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEB_FILES,
  ICON_SIZES,
  flagValues,
  fpmMappings,
  readBuilderConfig,
  repoPath,
} from '../../unit/packaging/builder-config';

const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's fuse order (FuseV1Options) and the states of a stock binary. */
const FUSES = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
] as const;
const STOCK_WIRE = '10110001';

const work = mkdtempSync(join(tmpdir(), 'oniondrop-builder-'));
const project = join(work, 'project');
const fakeElectron = join(work, 'electron-dist');
const fpmRecorder = join(work, 'fpm-recorder.mjs');
const calls = join(work, 'fpm-calls');
const appImageTools = join(work, 'appimage-tools');
const squashCallsDir = join(work, 'mksquashfs-calls');

interface FpmCall {
  args: string[];
  /** Copies of the temp files electron-builder hands to fpm, taken while they exist. */
  postinst: string;
  postrm: string;
  desktopFiles: Record<string, string>;
}

interface SquashCall {
  args: string[];
  /** Top-level names in the AppImage's staged AppDir. */
  files: string[];
  desktopFiles: Record<string, string>;
}

let build: { status: number | null; output: string };
let fpmCalls: FpmCall[] = [];
let squashCalls: SquashCall[] = [];

/** The app as `npm run build` leaves it, plus things that must not be packed. */
function writeProject(): void {
  mkdirSync(project);
  for (const file of ['package.json', 'electron-builder.yml']) cpSync(repoPath(file), join(project, file));
  for (const dir of ['build', 'assets', 'docs']) cpSync(repoPath(dir), join(project, dir), { recursive: true });
  symlinkSync(repoPath('node_modules'), join(project, 'node_modules'));
  mkdirSync(join(project, 'dist'));
  for (const bundle of ['main.cjs', 'preload.cjs', 'cli.cjs']) {
    writeFileSync(join(project, 'dist', bundle), `// ${bundle}\n`);
  }
  writeFileSync(join(project, 'dist', 'main.cjs.map'), '{}');
  mkdirSync(join(project, 'dist-renderer', 'assets'), { recursive: true });
  writeFileSync(join(project, 'dist-renderer', 'index.html'), '<!doctype html><title>OnionDrop</title>');
  writeFileSync(join(project, 'dist-renderer', 'assets', 'index.js'), '');
  mkdirSync(join(project, 'electron'));
  writeFileSync(join(project, 'electron', 'main.ts'), '// source\n');
}

/** Electron's unpacked Linux build, reduced to what electron-builder touches. */
function writeFakeElectron(): void {
  mkdirSync(join(fakeElectron, 'resources'), { recursive: true });
  const binary = Buffer.concat([
    Buffer.from('\x7fELF stand-in '),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, FUSES.length]),
    Buffer.from(STOCK_WIRE),
    Buffer.from(' end'),
  ]);
  writeFileSync(join(fakeElectron, 'electron'), binary, { mode: 0o755 });
  writeFileSync(join(fakeElectron, 'chrome-sandbox'), '', { mode: 0o755 });
  writeFileSync(join(fakeElectron, 'LICENSE'), 'MIT');
  writeFileSync(join(fakeElectron, 'LICENSES.chromium.html'), '<html></html>');
  writeFileSync(join(fakeElectron, 'version'), '41.7.1');
}

/** Stands in for fpm: records its arguments and the temp files they name. */
function writeFpmRecorder(): void {
  mkdirSync(calls);
  writeFileSync(
    fpmRecorder,
    `#!${process.execPath}
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
const after = (flag) => readFileSync(args[args.indexOf(flag) + 1], 'utf8');
const desktopFiles = {};
for (const arg of args) {
  const m = /^(.+)=(\\/usr\\/share\\/applications\\/.+)$/.exec(arg);
  if (m) desktopFiles[m[2]] = readFileSync(m[1], 'utf8');
}
const n = readdirSync(${JSON.stringify(calls)}).length;
writeFileSync(${JSON.stringify(calls)} + '/' + n + '.json', JSON.stringify({
  args, postinst: after('--after-install'), postrm: after('--after-remove'), desktopFiles,
}));
`,
    { mode: 0o755 },
  );
}

/** electron-builder's legacy (FUSE2) AppImage toolset layout, with a mksquashfs that records. */
function writeAppImageTools(): void {
  const host = `linux-${process.arch}`;
  mkdirSync(join(appImageTools, host), { recursive: true });
  mkdirSync(join(appImageTools, 'lib', 'x64'), { recursive: true });
  for (const arch of ['x64', 'arm64']) writeFileSync(join(appImageTools, `runtime-${arch}`), 'AppImage runtime stand-in');
  symlinkSync('/usr/bin/desktop-file-validate', join(appImageTools, host, 'desktop-file-validate'));
  mkdirSync(squashCallsDir);
  writeFileSync(
    join(appImageTools, host, 'mksquashfs'),
    `#!${process.execPath}
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
const [stage, output] = args;
const files = readdirSync(stage).sort();
const desktopFiles = {};
for (const f of files) if (f.endsWith('.desktop')) desktopFiles[f] = readFileSync(stage + '/' + f, 'utf8');
const n = readdirSync(${JSON.stringify(squashCallsDir)}).length;
writeFileSync(${JSON.stringify(squashCallsDir)} + '/' + n + '.json', JSON.stringify({ args, files, desktopFiles }));
writeFileSync(output, 'squashfs stand-in');
`,
    { mode: 0o755 },
  );
}

beforeAll(() => {
  writeProject();
  writeFakeElectron();
  writeFpmRecorder();
  writeAppImageTools();
  const run = spawnSync(
    process.execPath,
    [
      repoPath('node_modules/electron-builder/cli.js'),
      '--linux',
      'deb',
      'AppImage',
      '--x64',
      '--arm64',
      '--publish',
      'never',
      `-c.electronDist=${fakeElectron}`,
    ],
    {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, CUSTOM_FPM_PATH: fpmRecorder, APPIMAGE_TOOLS_PATH: appImageTools, CI: 'true' },
      timeout: 240_000,
    },
  );
  build = { status: run.status, output: `${run.stdout}${run.stderr}` };
  fpmCalls = readdirSync(calls)
    .sort()
    .map((f) => JSON.parse(readFileSync(join(calls, f), 'utf8')) as FpmCall);
  squashCalls = readdirSync(squashCallsDir)
    .sort()
    .map((f) => JSON.parse(readFileSync(join(squashCallsDir, f), 'utf8')) as SquashCall);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const config = readBuilderConfig();
const DESKTOP_PATH = `/usr/share/applications/${config.appId}.desktop`;

/** The lines of a desktop entry as key -> value. */
function desktopKeys(text: string): Map<string, string> {
  return new Map(
    text
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as [string, string]),
  );
}

/** desktop-file-validate's complaints about a desktop entry ('' when none). */
function validateDesktop(text: string, name: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(work, 'desktop-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  const run = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function onlyCall(arch: string): FpmCall {
  const found = fpmCalls.filter((c) => flagValues(c.args, '--architecture')[0] === arch);
  expect(found).toHaveLength(1);
  return found[0] as FpmCall;
}

/** File names in an asar archive (Chromium pickle header + JSON index). */
function asarFiles(file: string): { names: string[]; read: (name: string) => Buffer } {
  const buf = readFileSync(file);
  const headerSize = buf.readUInt32LE(4);
  const jsonSize = buf.readUInt32LE(12);
  const index = JSON.parse(buf.toString('utf8', 16, 16 + jsonSize)) as AsarDir;
  const base = 8 + headerSize;
  const names: string[] = [];
  const entries = new Map<string, AsarFile>();
  const walk = (dir: AsarDir, prefix: string): void => {
    for (const [name, entry] of Object.entries(dir.files)) {
      const path = `${prefix}${name}`;
      if ('files' in entry) walk(entry, `${path}/`);
      else {
        names.push(path);
        entries.set(path, entry);
      }
    }
  };
  walk(index, '');
  const read = (name: string): Buffer => {
    const entry = entries.get(name);
    if (!entry) throw new Error(`${name} is not in ${file}`);
    const start = base + Number(entry.offset);
    return buf.subarray(start, start + entry.size);
  };
  return { names: names.sort(), read };
}
interface AsarFile {
  offset: string;
  size: number;
}
interface AsarDir {
  files: Record<string, AsarFile | AsarDir>;
}

function fuseWire(binary: string): Record<string, string> {
  const buf = readFileSync(binary);
  const at = buf.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  const states = buf.toString('latin1', at + 2, at + 2 + (buf[at + 1] ?? 0));
  return Object.fromEntries(FUSES.map((name, i) => [name, states[i] === '1' ? 'on' : 'off']));
}

describe('electron-builder --linux deb AppImage (offline: stand-in Electron, recorded fpm and mksquashfs)', () => {
  it('finishes and calls fpm once per architecture', () => {
    expect(build.status, build.output).toBe(0);
    expect(fpmCalls.map((c) => flagValues(c.args, '--architecture')[0]).sort()).toEqual(['amd64', 'arm64']);
    for (const call of fpmCalls) expect(call.args.slice(0, 5)).toEqual(['-s', 'dir', '--force', '-t', 'deb']);
  });

  it('names the package oniondrop, section net, priority optional', () => {
    const { args } = onlyCall('amd64');
    expect(flagValues(args, '--name')).toEqual(['oniondrop']);
    expect(flagValues(args, '--category')).toEqual(['net']);
    expect(flagValues(args, '--deb-priority')).toEqual(['optional']);
    expect(flagValues(args, '--version')).toEqual(['0.1.0']);
  });

  it('depends on the libraries Electron needs and never on tor, which it only suggests', () => {
    const { args } = onlyCall('amd64');
    expect(flagValues(args, '-d')).toEqual(config.deb?.depends);
    expect(flagValues(args, '-d').join(' ')).not.toMatch(/\btor\b/);
    expect(flagValues(args, '--deb-suggests')).toEqual(['tor', 'obfs4proxy', 'snowflake-client']);
    expect(flagValues(args, '--deb-recommends')).toEqual([]);
  });

  it('ships every file at its place, from sources that exist', () => {
    const mappings = fpmMappings(onlyCall('amd64').args);
    for (const [dest, src] of Object.entries(DEB_FILES)) {
      expect(mappings.get(dest), dest).toBe(src);
      expect(existsSync(join(project, src)), src).toBe(true);
    }
    expect(flagValues(onlyCall('amd64').args, '--config-files')).toEqual(['/etc/oniondrop.d/00_default.conf']);
  });

  it('ships the man page gzipped by the build hook, identical to the committed page', () => {
    const gz = readFileSync(join(project, 'dist/deb/oniondrop.1.gz'));
    expect(gunzipSync(gz).equals(readFileSync(repoPath('assets/oniondrop.1')))).toBe(true);
  });

  it('installs the app in /opt/OnionDrop with the renamed Electron binary and its sandbox helper', () => {
    const mappings = fpmMappings(onlyCall('amd64').args);
    const unpacked = mappings.get('/opt/OnionDrop');
    expect(unpacked).toBe(join(project, 'release', 'linux-unpacked/'));
    const files = readdirSync(unpacked as string);
    expect(files).toEqual(expect.arrayContaining(['oniondrop', 'chrome-sandbox', 'resources']));
    expect(statSync(join(unpacked as string, 'oniondrop')).mode & 0o111).toBe(0o111);
    expect(existsSync(join(unpacked as string, 'resources', 'apparmor-profile'))).toBe(true);
  });

  it('installs the icon in every hicolor size and as scalable SVG', () => {
    const mappings = fpmMappings(onlyCall('amd64').args);
    for (const size of ICON_SIZES) {
      const src = mappings.get(`/usr/share/icons/hicolor/${size}x${size}/apps/oniondrop.png`);
      expect(src, `${size}px`).toBe(join(project, 'assets', 'icons', `${size}x${size}.png`));
    }
    expect(mappings.get('/usr/share/icons/hicolor/scalable/apps/oniondrop.svg')).toBe('assets/icons/oniondrop.svg');
  });

  it('packs only the bundles, the renderer and package.json into app.asar', () => {
    const asar = asarFiles(join(project, 'release', 'linux-unpacked', 'resources', 'app.asar'));
    expect(asar.names).toEqual([
      'dist-renderer/assets/index.js',
      'dist-renderer/index.html',
      'dist/cli.cjs',
      'dist/main.cjs',
      'dist/preload.cjs',
      'package.json',
    ]);
    const pkg = JSON.parse(asar.read('package.json').toString('utf8')) as { main: string; desktopName: string };
    expect(asar.names).toContain(pkg.main);
    // What Electron names the window after (WM_CLASS, Wayland app_id).
    expect(pkg.desktopName).toBe(`${config.appId}.desktop`);
  });

  it('flips the Electron fuses in the packaged binary', () => {
    for (const dir of ['linux-unpacked', 'linux-arm64-unpacked']) {
      expect(fuseWire(join(project, 'release', dir, 'oniondrop')), dir).toEqual({
        RunAsNode: 'off',
        EnableCookieEncryption: 'on',
        EnableNodeOptionsEnvironmentVariable: 'off',
        EnableNodeCliInspectArguments: 'off',
        EnableEmbeddedAsarIntegrityValidation: 'on',
        OnlyLoadAppFromAsar: 'on',
        LoadBrowserProcessSpecificV8Snapshot: 'off',
        GrantFileProtocolExtraPrivileges: 'off',
      });
    }
  });

  it('hands fpm the committed maintainer scripts unchanged (so shellcheck checks what ships)', () => {
    const call = onlyCall('amd64');
    expect(call.postinst).toBe(readFileSync(repoPath('build/deb/after-install.sh'), 'utf8'));
    expect(call.postrm).toBe(readFileSync(repoPath('build/deb/after-remove.sh'), 'utf8'));
  });

  describe('the desktop entry it installs', () => {
    const desktop = (): string => {
      const text = onlyCall('amd64').desktopFiles[DESKTOP_PATH];
      expect(Object.keys(onlyCall('amd64').desktopFiles)).toEqual([DESKTOP_PATH]);
      return text ?? '';
    };
    const entry = (): Map<string, string> => desktopKeys(desktop());

    it('passes desktop-file-validate with nothing to report', () => {
      expect(validateDesktop(desktop(), `${config.appId}.desktop`)).toEqual({ status: 0, output: '' });
    });

    it('starts the app from /opt, under the icon and window class the app really has', () => {
      const e = entry();
      expect(e.get('Name')).toBe('OnionDrop');
      expect(e.get('Exec')).toBe('/opt/OnionDrop/oniondrop %U');
      expect(e.get('Icon')).toBe('oniondrop');
      expect(e.get('StartupWMClass')).toBe(config.appId);
      expect(e.get('Terminal')).toBe('false');
    });

    it('is found under Network and File Transfer, and by the words people search for', () => {
      const e = entry();
      expect(e.get('Categories')).toBe('Network;FileTransfer;');
      const keywords = (e.get('Keywords') ?? '').split(';');
      expect(keywords).toEqual(expect.arrayContaining(['Tor', 'onion', 'share', 'Whonix', 'OnionShare']));
      expect(e.get('Comment')).toMatch(/onion services/);
    });
  });

  describe('the AppImages', () => {
    it('are written for x86_64 and arm64', () => {
      const release = readdirSync(join(project, 'release'));
      expect(release).toEqual(expect.arrayContaining(['OnionDrop-0.1.0-x86_64.AppImage', 'OnionDrop-0.1.0-arm64.AppImage']));
      expect(squashCalls).toHaveLength(2);
    });

    it('hold the launcher, the app and a desktop entry named after the app id', () => {
      for (const call of squashCalls) {
        expect(call.files).toEqual(expect.arrayContaining(['AppRun', 'oniondrop', 'resources', 'chrome-sandbox']));
        expect(Object.keys(call.desktopFiles)).toEqual([`${config.appId}.desktop`]);
      }
    });

    it('have a desktop entry that validates and keeps the Chromium sandbox', () => {
      for (const call of squashCalls) {
        const text = call.desktopFiles[`${config.appId}.desktop`] ?? '';
        expect(validateDesktop(text, `${config.appId}.desktop`)).toEqual({ status: 0, output: '' });
        const e = desktopKeys(text);
        expect(e.get('Exec')).toBe('AppRun %U');
        expect(e.get('StartupWMClass')).toBe(config.appId);
        expect(e.get('Categories')).toBe('Network;FileTransfer;');
      }
    });
  });
});
