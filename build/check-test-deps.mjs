// Before the test suite: say clearly which Debian tools are missing (build script, plain Node).
import { spawnSync } from 'node:child_process';

const needed = {
  tor: 'tor',
  'tor-gencert': 'tor',
  obfs4proxy: 'obfs4proxy',
  chromium: 'chromium',
  curl: 'curl',
  wget: 'wget',
  unzip: 'unzip',
  '7z': 'p7zip-full',
  bsdtar: 'libarchive-tools',
  mandoc: 'mandoc',
  groff: 'groff-base',
  shellcheck: 'shellcheck',
  'desktop-file-validate': 'desktop-file-utils',
  appstreamcli: 'appstream',
  python3: 'python3',
  ip: 'iproute2',
  // The chat CLI's terminal test runs it on a real pty through script(1).
  script: 'bsdutils',
};
const missing = Object.entries(needed).filter(
  ([cmd]) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status !== 0,
);
if (missing.length > 0) {
  const pkgs = [...new Set(missing.map(([, pkg]) => pkg))].join(' ');
  console.error(
    `The tests need these Debian tools: ${missing.map(([c]) => c).join(', ')}.\n` +
      `Install them with: sudo apt-get install -y ${pkgs}\n` +
      '(or run the whole CI script as root: sudo bash .ci/run)',
  );
  process.exit(1);
}
