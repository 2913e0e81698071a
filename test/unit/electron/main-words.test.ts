// The main process's words (plain Node): from the catalogue's `main` section
// in the language asked for, chosen from the locale variables.
import { describe, expect, it } from 'vitest';
import en from '../../../i18n/locales/en.json';
import { mainWords } from '../../../electron/main-words';

describe("the main process's words", () => {
  it('are the catalogue text, never a key or a literal of their own', () => {
    const words = mainWords('en');
    expect(words.windowTitle()).toBe(en.app.name);
    expect(words.quitQuestion()).toEqual({
      title: en.main.quit.title,
      message: en.main.quit.message,
      detail: en.main.quit.detail,
      buttons: [en.main.quit.cancel, en.main.quit.quit],
    });
    expect(words.notice({ kind: 'download-complete', name: 'notes.txt' })).toEqual({ title: en.main.notice.downloadComplete, body: 'notes.txt' });
    expect(words.notice({ kind: 'file-received', name: 'photo.jpg' })).toEqual({ title: en.main.notice.fileReceived, body: 'photo.jpg' });
  });

  it('keep a file name as it is, whatever it looks like', () => {
    const name = '{{count}} <b>$(rm -rf)</b>.txt';
    expect(mainWords('en').notice({ kind: 'file-received', name }).body).toBe(name);
  });

  it('speak a language we ship, English for one we do not', () => {
    expect(mainWords('en').lang).toBe('en');
    expect(mainWords('xx-YY').lang).toBe('en');
    expect(mainWords('xx-YY').quitQuestion().message).toBe(en.main.quit.message);
  });
});
