// A share that also receives (plain Node): which modes its address carries and
// where, and the rule that such an address never stops after the first
// download (that stop would close the uploads too).
import { describe, expect, it } from 'vitest';
import { addressModes, modeUrl } from '../../../electron/core/modes/address-modes';
import { OptionsPatchError, validatePatch } from '../../../electron/core/options-patch';
import { shareOptions } from '../../helpers/share-options';

describe('the modes of an address', () => {
  it('a share carries uploads only when asked; receive and website tabs are always alone', () => {
    expect(addressModes('share', { alsoReceive: false })).toEqual(['share']);
    expect(addressModes('share', { alsoReceive: true })).toEqual(['share', 'receive']);
    expect(addressModes('receive', { alsoReceive: true })).toEqual(['receive']);
    expect(addressModes('website', { alsoReceive: true })).toEqual(['website']);
  });

  it("each mode's start page is under its prefix, with its slash", () => {
    expect(modeUrl('http://abc.onion', 'share')).toBe('http://abc.onion/share/');
    expect(modeUrl('http://127.0.0.1:17600/', 'receive')).toBe('http://127.0.0.1:17600/receive/');
  });
});

describe('alsoReceive and stop after the first download', () => {
  it('turning alsoReceive on turns the stop off', () => {
    const next = validatePatch(shareOptions({ stopAfterFirstDownload: true }), { alsoReceive: true });
    expect(next.alsoReceive).toBe(true);
    expect(next.stopAfterFirstDownload).toBe(false);
  });

  it('asking for both is refused, naming the stop', () => {
    const both = (): unknown => validatePatch(shareOptions(), { alsoReceive: true, stopAfterFirstDownload: true });
    expect(both).toThrow(OptionsPatchError);
    expect(both).toThrow(/stopAfterFirstDownload/);
    const receiving = validatePatch(shareOptions(), { alsoReceive: true });
    expect(() => validatePatch(receiving, { stopAfterFirstDownload: true })).toThrow(/while the address also receives files/);
  });

  it('turning alsoReceive off leaves the stop as it is, and it can be turned on again', () => {
    const receiving = validatePatch(shareOptions(), { alsoReceive: true });
    const off = validatePatch(receiving, { alsoReceive: false });
    expect(off.stopAfterFirstDownload).toBe(false);
    expect(validatePatch(off, { stopAfterFirstDownload: true }).stopAfterFirstDownload).toBe(true);
  });

  it('a value that is not true or false is refused', () => {
    expect(() => validatePatch(shareOptions(), { alsoReceive: 'yes' as unknown as boolean })).toThrow(/alsoReceive/);
  });
});
