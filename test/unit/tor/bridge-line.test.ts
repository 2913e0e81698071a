// Bridge lines as users paste them (plain Node): every transport's syntax as
// Tor Browser and bridges.torproject.org write it, plain bridges, IPv6, CR/LF,
// comments, copy-paste debris and garbage, each bad line named by number and
// reason in the words the Tor settings dialog shows.
import { describe, expect, it } from 'vitest';
import { parseBridgeLine, parseBridgeText, transportsOf, type BridgeLineProblem } from '../../../electron/core/tor/bridges/bridge-line';
import { BUILT_IN, builtInBridges } from '../../../electron/core/tor/bridges/builtin';
import { bridgeLineErrorText } from '../../../i18n/bridge-line-text';
import { translatorFor } from '../../../i18n/messages';

const FP = '4352E58420E68F5E40BF7C74FADDCCD9D1349413';
const CERT = 'ssH+9rP8dG2NLDN2XuFw63hIO/9MNNinLmxQDpVa+7kTOa9/m+tGWT1SmSYpQ9uTBGa6Hw';
const OBFS4 = `obfs4 192.0.2.7:443 ${FP} cert=${CERT} iat-mode=0`;
const SNOWFLAKE =
  `snowflake 192.0.2.3:80 ${FP} fingerprint=${FP} url=https://1098762253.rsc.cdn77.org/ fronts=app.datapacket.com,www.datapacket.com ` +
  'ice=stun:stun.epygi.com:3478,stun:stun.uls.co.za:3478 utls-imitate=hellorandomizedalpn';
const WEBTUNNEL = `webtunnel [2001:db8:4f1c:b26b:71ca:6f45:6c51:8ad2]:443 ${FP} url=https://bridge.example.net/Wq3rJ6kpg2T0YbWw ver=0.0.1`;
const MEEK = 'meek_lite 192.0.2.20:80 url=https://1603026938.rsc.cdn77.org front=www.phpmyadmin.net utls=HelloRandomizedALPN';

function problemOf(line: string): BridgeLineProblem | 'ok' | 'skip' {
  const outcome = parseBridgeLine(line);
  return outcome.kind === 'error' ? outcome.problem : outcome.kind === 'line' ? 'ok' : 'skip';
}

describe('bridge lines: each transport', () => {
  it('obfs4 with cert= and iat-mode=, as bridges.torproject.org gives it', () => {
    const outcome = parseBridgeLine(OBFS4);
    expect(outcome).toEqual({
      kind: 'line',
      line: {
        transport: 'obfs4',
        host: '192.0.2.7',
        port: 443,
        family: 4,
        fingerprint: FP,
        args: [
          ['cert', CERT],
          ['iat-mode', '0'],
        ],
        torrc: OBFS4,
      },
    });
    expect(problemOf(OBFS4.replace('iat-mode=0', 'iat-mode=2'))).toBe('ok');
    // obfs4's older form: node-id and public-key instead of cert.
    expect(problemOf(`obfs4 192.0.2.7:443 node-id=${FP} public-key=${'ab'.repeat(32)} iat-mode=1`)).toBe('ok');
  });

  it('obfs4: a missing or malformed cert= or iat-mode= is named', () => {
    expect(problemOf(OBFS4.replace(` cert=${CERT}`, ''))).toEqual({ code: 'missing-argument', key: 'cert', transport: 'obfs4' });
    expect(problemOf(OBFS4.replace(' iat-mode=0', ''))).toEqual({ code: 'missing-argument', key: 'iat-mode', transport: 'obfs4' });
    expect(problemOf(`obfs4 192.0.2.7:443 node-id=${FP} iat-mode=1`)).toEqual({ code: 'missing-argument', key: 'public-key', transport: 'obfs4' });
    expect(problemOf(OBFS4.replace('iat-mode=0', 'iat-mode=3'))).toEqual({ code: 'bad-argument', key: 'iat-mode', shape: 'iat-mode' });
    // One character lost while copying.
    expect(problemOf(OBFS4.replace(CERT, CERT.slice(1)))).toEqual({ code: 'bad-argument', key: 'cert', shape: 'obfs4-cert' });
    expect(problemOf(OBFS4.replace(CERT, `${CERT.slice(0, 69)}!`))).toEqual({ code: 'bad-argument', key: 'cert', shape: 'obfs4-cert' });
    expect(problemOf(`${OBFS4} cert=${CERT}`)).toEqual({ code: 'duplicate-argument', key: 'cert' });
  });

  it('snowflake with url=, fronts=, ice= and utls-imitate=, as in Tor Browser', () => {
    const outcome = parseBridgeLine(SNOWFLAKE);
    expect(outcome.kind).toBe('line');
    if (outcome.kind !== 'line') return;
    expect(outcome.line.transport).toBe('snowflake');
    expect(outcome.line.args.map(([k]) => k)).toEqual(['fingerprint', 'url', 'fronts', 'ice', 'utls-imitate']);
    expect(problemOf(SNOWFLAKE.replace(/ url=\S+/, ''))).toEqual({ code: 'missing-argument', key: 'url', transport: 'snowflake' });
    expect(problemOf(SNOWFLAKE.replace('url=https://', 'url=http://'))).toEqual({ code: 'bad-argument', key: 'url', shape: 'https-url' });
    expect(problemOf(SNOWFLAKE.replace('ice=stun:', 'ice=http:'))).toEqual({ code: 'bad-argument', key: 'ice', shape: 'ice-list' });
    expect(problemOf(SNOWFLAKE.replace('fronts=app.datapacket.com,', 'fronts=app datapacket,'))).toEqual({ code: 'argument', text: 'datapacket,www.datapacket.com' });
    expect(problemOf(SNOWFLAKE.replace('fronts=app.datapacket.com', 'fronts=app_datapacket!'))).toEqual({ code: 'bad-argument', key: 'fronts', shape: 'host-list' });
    expect(problemOf(SNOWFLAKE.replace('utls-imitate=hellorandomizedalpn', 'utls-imitate=hello,chrome'))).toEqual({ code: 'bad-argument', key: 'utls-imitate', shape: 'word' });
    // Keys a newer snowflake added pass: transports gain arguments over time.
    expect(problemOf(`${SNOWFLAKE} sqsqueue=https://sqs.example.net/q`)).toBe('ok');
  });

  it('webtunnel with url= (and an IPv6 placeholder address); meek_lite', () => {
    const outcome = parseBridgeLine(WEBTUNNEL);
    expect(outcome.kind === 'line' && outcome.line).toMatchObject({ transport: 'webtunnel', host: '2001:db8:4f1c:b26b:71ca:6f45:6c51:8ad2', family: 6, port: 443 });
    expect(problemOf(WEBTUNNEL.replace(/ url=\S+/, ''))).toEqual({ code: 'missing-argument', key: 'url', transport: 'webtunnel' });
    expect(problemOf(WEBTUNNEL.replace('url=https://', 'url='))).toEqual({ code: 'bad-argument', key: 'url', shape: 'https-url' });
    expect(problemOf(MEEK)).toBe('ok');
  });

  it('plain bridges: IP:PORT with or without a fingerprint, and no arguments', () => {
    const outcome = parseBridgeLine(`192.0.2.9:9001 ${FP}`);
    expect(outcome).toMatchObject({ kind: 'line', line: { transport: null, host: '192.0.2.9', port: 9001, fingerprint: FP, args: [] } });
    expect(problemOf('192.0.2.9:9001')).toBe('ok');
    expect(problemOf(`[2001:db8::9]:9001 ${FP.toLowerCase()}`)).toBe('ok');
    expect(problemOf(`192.0.2.9:9001 ${FP} cert=${CERT}`)).toEqual({ code: 'plain-argument', text: `cert=${CERT}` });
  });

  it('a torrc snippet\'s "Bridge" keyword is dropped; the torrc form has single spaces', () => {
    const outcome = parseBridgeLine(`  Bridge\tobfs4   192.0.2.7:443  ${FP}  cert=${CERT}\tiat-mode=0  `);
    expect(outcome.kind === 'line' && outcome.line.torrc).toBe(OBFS4);
    expect(problemOf(`bridge ${OBFS4}`)).toBe('ok');
  });
});

describe('bridge lines: addresses', () => {
  it.each([
    ['[2001:db8::1]:443', 'ok'],
    ['[::ffff:192.0.2.1]:443', 'ok'],
    ['[::1]:9001', 'ok'],
    ['[1:2:3:4:5:6:7:8]:1', 'ok'],
    ['[1:2:3:4:5:6:7:8:9]:1', { code: 'address', text: '[1:2:3:4:5:6:7:8:9]:1' }],
    ['[2001:db8::g]:443', { code: 'address', text: '[2001:db8::g]:443' }],
    ['[2001:db8::1::2]:443', { code: 'address', text: '[2001:db8::1::2]:443' }],
    ['[fe80::1%eth0]:443', { code: 'address', text: '[fe80::1%eth0]:443' }],
    // Unbracketed, the port cannot be told from the last group.
    ['2001:db8::1:443', { code: 'address', text: '2001:db8::1:443' }],
    ['[2001:db8::1]', { code: 'port', text: '[2001:db8::1]' }],
    ['192.0.2.7', { code: 'port', text: '192.0.2.7' }],
    ['192.0.2.7:0', { code: 'port', text: '192.0.2.7:0' }],
    ['192.0.2.7:65536', { code: 'port', text: '192.0.2.7:65536' }],
    ['192.0.2.7:44a', { code: 'port', text: '192.0.2.7:44a' }],
    ['256.0.2.7:443', { code: 'address', text: '256.0.2.7:443' }],
    ['192.0.2:443', { code: 'address', text: '192.0.2:443' }],
    ['bridge.example.net:443', { code: 'hostname', text: 'bridge.example.net:443' }],
  ] as const)('obfs4 %s -> %j', (address, expected) => {
    expect(problemOf(`obfs4 ${address} ${FP} cert=${CERT} iat-mode=0`)).toEqual(expected);
  });
});

describe('bridge lines: garbage and copy-paste debris', () => {
  it.each([
    ['hello world', { code: 'unknown-transport', transport: 'hello' }],
    [`obfs3 192.0.2.7:443 ${FP}`, { code: 'unknown-transport', transport: 'obfs3' }],
    ['Bridge', { code: 'no-address' }],
    ['obfs4', { code: 'no-address' }],
    [`obfs4 192.0.2.7:443 ${FP.slice(1)} cert=${CERT} iat-mode=0`, { code: 'fingerprint', text: FP.slice(1) }],
    [`obfs4 192.0.2.7:443 ${FP} cert=${CERT} iat-mode=0 trailing`, { code: 'argument', text: 'trailing' }],
    [`obfs4 192.0.2.7:443 ${FP} =x cert=${CERT} iat-mode=0`, { code: 'argument', text: '=x' }],
    ['<a href="https://bridges.torproject.org">', { code: 'address', text: '<a' }],
    [`obfs4 192.0.2.7:443 ${FP} cert=${CERT}\u200b iat-mode=0`, { code: 'character', char: 'U+200B' }],
    [`obfs4 192.0.2.7:443\u0000 ${FP}`, { code: 'character', char: 'U+0000' }],
    [`obfs4 192.0.2.7:443 ${FP} cert=${CERT} iat-mode=0 “quoted”`, { code: 'character', char: 'U+201C' }],
    [`obfs4 192.0.2.7:443 ${'x'.repeat(5000)}`, { code: 'too-long', max: 4096 }],
  ] as const)('%j -> %j', (line, expected) => {
    expect(problemOf(line)).toEqual(expected);
  });

  it('no-break spaces from a web page separate words like spaces', () => {
    expect(problemOf(OBFS4.replace(/ /g, '\u00a0'))).toBe('ok');
  });

  it('counts lines across CR/LF, CR and LF; skips blank lines and # comments', () => {
    const text = [`# Bridges from bridges.torproject.org`, '', OBFS4, '   ', 'obfs4 bridge.example.net:443', SNOWFLAKE, `  # ${OBFS4}`, 'garbage'].join('\r\n');
    const mixed = `${OBFS4}\r${WEBTUNNEL}\n${MEEK}\r\n192.0.2.9:9001`;
    const parsed = parseBridgeText(text);
    expect(parsed.lines.map((l) => l.transport)).toEqual(['obfs4', 'snowflake']);
    expect(parsed.errors).toEqual([
      { line: 5, problem: { code: 'hostname', text: 'bridge.example.net:443' } },
      { line: 8, problem: { code: 'unknown-transport', transport: 'garbage' } },
    ]);
    const m = parseBridgeText(mixed);
    expect([m.errors, m.lines.map((l) => l.transport)]).toEqual([[], ['obfs4', 'webtunnel', 'meek_lite', null]]);
    expect(transportsOf(m.lines)).toEqual(['obfs4', 'webtunnel', 'meek_lite']);
    expect(parseBridgeText('')).toEqual({ lines: [], errors: [] });
  });

  it('says what is wrong and where, in the words the dialog shows', () => {
    const { t } = translatorFor('en');
    const { errors } = parseBridgeText(`${OBFS4}\nobfs4 192.0.2.8:443 ${FP} iat-mode=0\nobfs4 bridges.example.com:443\n${OBFS4.replace('iat-mode=0', 'iat-mode=7')}`);
    expect(errors.map((e) => bridgeLineErrorText(e, t))).toEqual([
      'Line 2: obfs4 bridges need cert=.',
      'Line 3: “bridges.example.com:443” is a name; a bridge line needs an IP address.',
      'Line 4: iat-mode= must be 0, 1 or 2.',
    ]);
  });
});

describe('built-in bridges', () => {
  it('every line of assets/bridges/builtin.json parses, and the file says when and where from', () => {
    for (const choice of ['obfs4', 'snowflake'] as const) {
      const { lines, errors } = parseBridgeText(BUILT_IN.lines[choice].join('\n'));
      expect({ choice, errors }).toEqual({ choice, errors: [] });
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((l) => l.transport === choice)).toBe(true);
      expect(builtInBridges(choice)).toHaveLength(BUILT_IN.lines[choice].length);
    }
    expect(BUILT_IN.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(BUILT_IN.source).toMatch(/^https:\/\/gitlab\.torproject\.org\//);
  });
});
