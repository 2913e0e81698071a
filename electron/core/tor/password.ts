// A tor control password that cannot end up in a log (plain Node).
import { inspect } from 'node:util';
import { TorArgumentError } from './errors';
import { unquoteString } from './quoted-string';

/**
 * Held as bytes and sent hex-encoded (`AUTHENTICATE 70617373`), which tor
 * accepts for any bytes, so no quoting rule can go wrong. It prints as
 * `[password]` everywhere (toString, JSON, util.inspect).
 */
export class ControlPassword {
  readonly #bytes: Buffer;

  private constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  /** A password typed by the user or read from `tor.control_password`: taken literally. */
  static plain(text: string): ControlPassword {
    return new ControlPassword(Buffer.from(text, 'utf8'));
  }

  /**
   * TOR_CONTROL_PASSWD, following Tor Browser's convention:
   * - `"..."` (a QuotedString): the text inside, escapes resolved;
   * - otherwise, an even number of hex digits: the bytes they encode;
   * - otherwise: the text literally (it cannot be meant as hex).
   * So a password that looks like hex (`cafe`) must be quoted (`"cafe"`).
   * Throws TorArgumentError (what: TOR_CONTROL_PASSWD) for a broken quoted string.
   */
  static fromEnv(value: string, what = 'TOR_CONTROL_PASSWD'): ControlPassword {
    if (value.startsWith('"')) {
      const q = unquoteString(value, 0);
      if (!q || q.end !== value.length) throw new TorArgumentError('bad-quoting', what);
      return ControlPassword.plain(q.value);
    }
    if (/^(?:[0-9a-fA-F]{2})+$/.test(value)) return new ControlPassword(Buffer.from(value, 'hex'));
    return ControlPassword.plain(value);
  }

  /** The AUTHENTICATE argument: hex, so it never needs quoting. */
  toAuthenticateArgument(): string {
    // An empty hex argument would be no argument at all; `""` is the empty password.
    return this.#bytes.length === 0 ? '""' : this.#bytes.toString('hex').toUpperCase();
  }

  /** For tests and comparisons only; never log the result. */
  equals(other: ControlPassword): boolean {
    return this.#bytes.equals(other.#bytes);
  }

  toString(): string {
    return '[password]';
  }

  toJSON(): string {
    return '[password]';
  }

  [inspect.custom](): string {
    return '[password]';
  }
}
