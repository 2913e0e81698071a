// Unit tests (plain Node): the option schema, its value types and the derived Config type.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  defaultConfig,
  envNameOf,
  optionKeys,
  specOf,
  type Config,
  type OptionKey,
  type PortRange,
} from '../../../electron/core/config';

const ctx = { home: '/home/alice' };

function parse(key: OptionKey, text: string): unknown {
  const outcome = specOf(key).type.parse(text, ctx);
  return outcome.ok ? outcome.value : 'INVALID';
}

describe('schema', () => {
  it('has the option keys the app relies on', () => {
    expect(optionKeys).toEqual([
      'server.listen_address',
      'server.port_range',
      'tor.control_socket',
      'tor.control_host',
      'tor.control_port',
      'tor.control_password',
      'tor.cookie_file',
      'tor.socks_socket',
      'tor.socks_host',
      'tor.socks_port',
      'tor.connection',
      'tor.start_own',
      'tor.executable',
      'tor.bridges',
      'tor.bridge_lines',
      'tor.publish_timeout',
      'app.language',
      'ui.tor_settings',
      'ui.zoom',
      'share.default_mode',
      'share.public',
      'share.stop_after_first_download',
      'share.compress',
      'share.title',
      'share.auto_stop',
      'receive.folder',
      'receive.max_file_size',
      'receive.max_total_size',
      'receive.max_files',
      'receive.min_free_space',
      'receive.max_message_length',
      'receive.disable_text',
      'receive.disable_files',
      'website.csp',
      'website.directory_listing',
      'website.serve_dotfiles',
      'chat.history',
    ]);
  });

  it('gives every option a one-line doc ending in a full stop', () => {
    for (const key of optionKeys) {
      const { doc } = specOf(key);
      expect(doc, key).toMatch(/^[A-Z].*\.$/);
      expect(doc, key).not.toContain('\n');
    }
  });

  it('has the documented defaults, with ~ expanded against the home folder', () => {
    const defaults = defaultConfig(ctx);
    expect(defaults['server.listen_address']).toBe('auto');
    expect(defaults['server.port_range']).toEqual({ first: 17600, last: 17659 });
    expect(defaults['tor.control_socket']).toBeNull();
    expect(defaults['tor.control_port']).toBeNull();
    expect(defaults['tor.start_own']).toBe(true);
    expect(defaults['tor.executable']).toBe('tor');
    expect(defaults['ui.tor_settings']).toBe('auto');
    expect(defaults['share.default_mode']).toBe('share');
    expect(defaults['share.public']).toBe(false);
    expect(defaults['share.stop_after_first_download']).toBe(true);
    expect(defaults['receive.folder']).toBe('/home/alice/OnionDrop/Received');
    expect(defaults['receive.max_file_size']).toBe(0);
    expect(defaults['receive.max_files']).toBe(1000);
    expect(defaults['receive.min_free_space']).toBe(1024 ** 3);
    expect(defaults['receive.max_message_length']).toBe(10000);
    expect(defaults['website.csp']).toBe("default-src 'self'");
    expect(defaults['website.directory_listing']).toBe(true);
  });

  it('only marks the password secret', () => {
    expect(optionKeys.filter((key) => specOf(key).secret)).toEqual(['tor.control_password']);
  });

  it('derives precise value types from the schema', () => {
    expectTypeOf<Config['server.port_range']>().toEqualTypeOf<PortRange>();
    expectTypeOf<Config['share.public']>().toEqualTypeOf<boolean>();
    expectTypeOf<Config['tor.control_port']>().toEqualTypeOf<number | null>();
    expectTypeOf<Config['tor.control_socket']>().toEqualTypeOf<string | null>();
    expectTypeOf<Config['receive.folder']>().toEqualTypeOf<string>();
    expectTypeOf<Config['ui.tor_settings']>().toEqualTypeOf<'auto' | 'show' | 'hide'>();
    expectTypeOf<Config['share.default_mode']>().toEqualTypeOf<'share' | 'receive' | 'website'>();
    expectTypeOf<Config['receive.max_file_size']>().toEqualTypeOf<number>();
  });

  it('maps every key to a distinct ONIONDROP_ variable', () => {
    expect(envNameOf('server.listen_address')).toBe('ONIONDROP_SERVER_LISTEN_ADDRESS');
    const names = optionKeys.map(envNameOf);
    expect(new Set(names).size).toBe(names.length);
  });

  it('formats every default back to text that parses to the same value', () => {
    const defaults = defaultConfig(ctx);
    for (const key of optionKeys) {
      const spec = specOf(key);
      expect(parse(key, spec.type.format(defaults[key])), key).toEqual(defaults[key]);
    }
  });
});

describe('value types', () => {
  it.each([
    ['on', true],
    ['Yes', true],
    ['TRUE', true],
    ['1', true],
    ['off', false],
    ['no', false],
    ['False', false],
    ['0', false],
    ['', 'INVALID'],
    ['y', 'INVALID'],
    ['2', 'INVALID'],
    ['enabled', 'INVALID'],
  ])('bool %j -> %j', (text, value) => {
    expect(parse('share.public', text)).toBe(value);
  });

  it.each([
    ['17600-17659', { first: 17600, last: 17659 }],
    ['17600 - 17610', { first: 17600, last: 17610 }],
    ['8080', { first: 8080, last: 8080 }],
    ['1-65535', { first: 1, last: 65535 }],
    ['17659-17600', 'INVALID'],
    ['0-10', 'INVALID'],
    ['17600-65536', 'INVALID'],
    ['17600-', 'INVALID'],
    ['-5', 'INVALID'],
    ['a-b', 'INVALID'],
    ['', 'INVALID'],
  ])('port range %j -> %j', (text, value) => {
    expect(parse('server.port_range', text)).toEqual(value);
  });

  it.each([
    ['9051', 9051],
    ['0', null],
    ['', null],
    ['65535', 65535],
    ['65536', 'INVALID'],
    ['-1', 'INVALID'],
    ['90x', 'INVALID'],
    ['9051.5', 'INVALID'],
  ])('port %j -> %j', (text, value) => {
    expect(parse('tor.control_port', text)).toEqual(value);
  });

  it.each([
    ['0', 0],
    ['1024', 1024],
    ['500M', 500 * 1024 ** 2],
    ['500m', 500 * 1024 ** 2],
    ['2G', 2 * 1024 ** 3],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['10 KiB', 10240],
    ['1MB', 1_000_000],
    ['3T', 3 * 1024 ** 4],
    ['12B', 12],
    ['-1', 'INVALID'],
    ['1X', 'INVALID'],
    ['G', 'INVALID'],
    ['1.2.3M', 'INVALID'],
    ['', 'INVALID'],
    ['999999999999999T', 'INVALID'],
  ])('size %j -> %j', (text, value) => {
    expect(parse('receive.max_file_size', text)).toEqual(value);
  });

  it('formats sizes with the largest exact binary unit', () => {
    const size = specOf('receive.max_file_size').type;
    expect(size.format(0)).toBe('0');
    expect(size.format(1024 ** 3)).toBe('1G');
    expect(size.format(1.5 * 1024 ** 3)).toBe('1536M');
    expect(size.format(1000)).toBe('1000');
  });

  it.each([
    ['1', 1],
    ['10000', 10000],
    ['1000000', 1000000],
    ['0', 'INVALID'],
    ['1000001', 'INVALID'],
    ['-3', 'INVALID'],
    ['1e3', 'INVALID'],
    ['ten', 'INVALID'],
  ])('integer %j -> %j', (text, value) => {
    expect(parse('receive.max_message_length', text)).toEqual(value);
  });

  it.each([
    ['share', 'share'],
    ['Receive', 'receive'],
    ['website', 'website'],
    ['upload', 'INVALID'],
    ['', 'INVALID'],
  ])('enum %j -> %j', (text, value) => {
    expect(parse('share.default_mode', text)).toEqual(value);
  });

  it.each([
    ['~', '/home/alice'],
    ['~/Inbox', '/home/alice/Inbox'],
    ['/srv//drop/../in', '/srv/in'],
    ['relative/dir', 'INVALID'],
    ['~bob/x', 'INVALID'],
    ['', 'INVALID'],
  ])('path %j -> %j', (text, value) => {
    expect(parse('receive.folder', text)).toEqual(value);
  });

  it('treats an empty optional path as unset', () => {
    expect(parse('tor.control_socket', '')).toBeNull();
    expect(parse('tor.control_socket', '/run/tor/control')).toBe('/run/tor/control');
  });

  it.each([
    ['tor', 'tor'],
    ['/usr/sbin/tor', '/usr/sbin/tor'],
    ['~/bin/tor', '/home/alice/bin/tor'],
    ['bin/tor', 'INVALID'],
    ['', 'INVALID'],
  ])('command %j -> %j', (text, value) => {
    expect(parse('tor.executable', text)).toEqual(value);
  });

  it.each([
    ['auto', 'auto'],
    ['0.0.0.0', '0.0.0.0'],
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['[::]', '::'],
    ['localhost', 'INVALID'],
    ['256.0.0.1', 'INVALID'],
    ['', 'INVALID'],
  ])('listen address %j -> %j', (text, value) => {
    expect(parse('server.listen_address', text)).toEqual(value);
  });

  it.each([
    ['', null],
    ['127.0.0.1', '127.0.0.1'],
    ['gateway.local', 'gateway.local'],
    ['[fe80::1]', 'fe80::1'],
    ['bad host', 'INVALID'],
    ['-bad.example', 'INVALID'],
  ])('host %j -> %j', (text, value) => {
    expect(parse('tor.control_host', text)).toEqual(value);
  });

  it('rejects control characters in text, which would break headers and Tor commands', () => {
    expect(parse('website.csp', "default-src 'none'")).toBe("default-src 'none'");
    expect(parse('website.csp', "default-src 'none'\r\nX-Evil: 1")).toBe('INVALID');
    expect(parse('tor.control_password', 'pw\nQUIT')).toBe('INVALID');
    expect(parse('website.csp', '')).toBeNull();
  });
});
