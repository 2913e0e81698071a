// The one list of configuration options; types, help, man page and defaults file derive from it (plain Node).
import {
  boolType,
  bridgeLinesType,
  commandType,
  enumType,
  integerType,
  languageType,
  listenAddressType,
  optionalHostType,
  optionalPortType,
  pathType,
  portRangeType,
  sizeType,
  stringType,
  type ParseContext,
  type ValueType,
} from './value-types';

export interface OptionSpec<T> {
  readonly type: ValueType<T>;
  /** The default as config-file text; parsed like any other value, so `~` expands. */
  readonly defaultText: string;
  /** One sentence for `--help`, the man page and 00_default.conf. */
  readonly doc: string;
  /** Masked as ******** whenever printed. */
  readonly secret: boolean;
}

function option<T>(type: ValueType<T>, defaultText: string, doc: string, secret = false): OptionSpec<T> {
  return { type, defaultText, doc, secret };
}

export const schema = {
  'server.listen_address': option(
    listenAddressType(),
    'auto',
    'Address the local web server binds to; auto means 0.0.0.0 on Whonix-Workstation (the Gateway forwards the onion there) and 127.0.0.1 elsewhere.',
  ),
  'server.port_range': option(
    portRangeType(),
    '17600-17659',
    'Ports the local web server may use; it binds the first free one and never picks a random port (Whonix forwards 17600-17659).',
  ),
  'tor.control_socket': option(
    pathType({ optional: true }),
    '',
    'Tor control socket (Unix domain socket); empty means autodetect.',
  ),
  'tor.control_host': option(
    optionalHostType(),
    '',
    'Host of the Tor control port, used with tor.control_port; empty means autodetect.',
  ),
  'tor.control_port': option(
    optionalPortType(),
    '0',
    'TCP port of the Tor control port; 0 means autodetect.',
  ),
  'tor.control_password': option(
    stringType({ optional: true }),
    '',
    'Password for Tor HashedControlPassword authentication; empty means none.',
    true,
  ),
  'tor.cookie_file': option(
    pathType({ optional: true }),
    '',
    'Tor control authentication cookie file; empty means the one Tor names in PROTOCOLINFO.',
  ),
  'tor.socks_socket': option(
    pathType({ optional: true }),
    '',
    'Tor SOCKS socket (Unix domain socket); empty means autodetect.',
  ),
  'tor.socks_host': option(
    optionalHostType(),
    '',
    'Host of the Tor SOCKS port, used with tor.socks_port; empty means autodetect.',
  ),
  'tor.socks_port': option(
    optionalPortType(),
    '0',
    'TCP port of the Tor SOCKS port; 0 means autodetect.',
  ),
  'tor.connection': option(
    enumType(['auto', 'own']),
    'auto',
    'How to reach Tor: auto finds a running tor (these settings, the environment, the system tor, Tor Browser) and starts its own only when none answers; own always starts OnionDrop\'s own tor (never on Whonix).',
  ),
  'tor.start_own': option(
    boolType(),
    'true',
    'Start a private tor when no running tor answers; never done on Whonix, whatever this says.',
  ),
  'tor.executable': option(
    commandType(),
    'tor',
    'The tor program started when tor.start_own applies.',
  ),
  'tor.bridges': option(
    enumType(['none', 'obfs4', 'snowflake', 'custom']),
    'none',
    "Bridges for OnionDrop's own tor where Tor is blocked: none, obfs4 or snowflake (Tor Browser's built-in bridges), or custom (tor.bridge_lines); anything but none means OnionDrop always starts its own tor. Ignored on Whonix, where the Gateway sets bridges.",
  ),
  'tor.bridge_lines': option(
    bridgeLinesType(),
    '',
    'The bridges used when tor.bridges is custom, one bridge line per line, as bridges.torproject.org gives them; see docs/bridges.md.',
  ),
  'tor.publish_timeout': option(
    integerType(1, 600),
    '60',
    'Seconds to wait for Tor to report the onion descriptor uploaded before showing the address as "published status unknown".',
  ),
  'app.language': option(
    languageType(),
    'auto',
    "Language of the window, the command line and new shares' pages: auto follows LANGUAGE, LC_ALL, LC_MESSAGES and LANG; a language code (such as de or fa) wins over them. Each share can choose its own pages' language.",
  ),
  'ui.tor_settings': option(
    enumType(['auto', 'show', 'hide']),
    'auto',
    'Whether the Tor settings dialog is offered; auto hides it on Whonix, where the Gateway provides Tor.',
  ),
  'ui.zoom': option(
    integerType(50, 300),
    '100',
    'Text size of the window in percent; Ctrl+ and Ctrl- change it, Ctrl+0 goes back to 100.',
  ),
  'share.default_mode': option(
    enumType(['share', 'receive', 'website']),
    'share',
    'Share type the window offers first (focused on the start screen).',
  ),
  'share.public': option(
    boolType(),
    'false',
    'Make new shares public; false makes them private, so visitors need the client authorization key as well as the address.',
  ),
  'share.stop_after_first_download': option(
    boolType(),
    'true',
    'Stop a share once its files have been downloaded completely once.',
  ),
  'share.compress': option(
    boolType(),
    'false',
    'Compress files in zip downloads; false stores them, which is faster and lets downloads resume.',
  ),
  'share.title': option(
    stringType({ optional: true }),
    '',
    'Title of the pages visitors see; empty means the default title.',
  ),
  'share.auto_stop': option(
    integerType(0, 31_536_000),
    '0',
    'Stop new shares taking new downloads (or uploads) this many seconds after they are ready; running transfers finish. 0 means never.',
  ),
  'receive.folder': option(
    pathType({ optional: false }),
    '~/OnionDrop/Received',
    'Folder that uploaded files are saved in.',
  ),
  'receive.max_file_size': option(
    sizeType(),
    '0',
    'Largest single file a visitor may upload; 0 means no limit.',
  ),
  'receive.max_total_size': option(
    sizeType(),
    '0',
    'Largest total a visitor may upload in one go; 0 means no limit.',
  ),
  'receive.max_files': option(
    integerType(1, 100_000),
    '1000',
    'Most files a visitor may upload in one go; an upload with more is refused and nothing of it is kept.',
  ),
  'receive.min_free_space': option(
    sizeType(),
    '1G',
    'Uploads stop before the free space of the receive folder drops below this.',
  ),
  'receive.max_message_length': option(
    integerType(1, 1_000_000),
    '10000',
    'Longest text message a visitor may send, in characters.',
  ),
  'receive.disable_text': option(
    boolType(),
    'false',
    'Do not let visitors send text messages.',
  ),
  'receive.disable_files': option(
    boolType(),
    'false',
    'Do not let visitors upload files.',
  ),
  'website.csp': option(
    stringType({ optional: true }),
    "default-src 'self'",
    'Content-Security-Policy header sent with website pages; empty sends none.',
  ),
  'website.directory_listing': option(
    boolType(),
    'true',
    'List the files of a folder that has no index.html.',
  ),
  'website.serve_dotfiles': option(
    boolType(),
    'false',
    'Serve files and folders whose names start with a dot, such as .htpasswd; .git is never served.',
  ),
  'chat.history': option(
    boolType(),
    'false',
    'Let people who join a chat room later also see what was said before they came (what the room still holds in memory, at most its last 500 lines); false shows each newcomer only what is said after they join.',
  ),
} as const satisfies Record<string, OptionSpec<unknown>>;

export type Schema = typeof schema;
export type OptionKey = keyof Schema;
export type ValueOf<S> = S extends OptionSpec<infer T> ? T : never;

/** The effective configuration, one typed value per option. */
export type Config = { readonly [K in OptionKey]: ValueOf<Schema[K]> };

/** Every key in schema order (the order of the man page and 00_default.conf). */
export const optionKeys: readonly OptionKey[] = Object.freeze(Object.keys(schema) as OptionKey[]);

export function isOptionKey(key: string): key is OptionKey {
  return Object.hasOwn(schema, key);
}

/** The spec of one key, typed by that key. */
export function specOf<K extends OptionKey>(key: K): OptionSpec<Config[K]> {
  // TypeScript cannot correlate schema[K] with Config[K] through the mapped
  // type; Config is defined from this very object, so the assertion holds.
  return schema[key] as unknown as OptionSpec<Config[K]>;
}

/** A schema default that its own type rejects: a programming error, caught by the unit tests. */
export class SchemaDefaultError extends Error {
  readonly kind = 'schema-default';
  constructor(readonly key: OptionKey) {
    super(`the built-in default of '${key}' does not parse`);
    this.name = 'SchemaDefaultError';
  }
}

/** Built-in defaults, with `~` expanded against ctx.home. */
export function defaultConfig(ctx: ParseContext): Config {
  const values: Partial<Record<OptionKey, unknown>> = {};
  for (const key of optionKeys) {
    const spec = specOf(key);
    const parsed = spec.type.parse(spec.defaultText, ctx);
    if (!parsed.ok) throw new SchemaDefaultError(key);
    values[key] = parsed.value;
  }
  return values as Config;
}
