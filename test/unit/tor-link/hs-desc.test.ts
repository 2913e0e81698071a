// HS_DESC events as tor sends them and as onion-grater rewrites them: the
// upload of THIS onion is recognised in every form the stock profile and the
// project's own profile let through, and nothing else is mistaken for it.
import { describe, expect, it } from 'vitest';
import { isUploadedFor, parseHsDesc } from '../../../electron/core/tor/hs-desc';
import { OWN_PROFILE, STOCK_PROFILE, allowsEvent, loadProfile, rewriteEvent } from './profiles';

const ID = 'kysctmrrqf7bos3dphh6wyva4peykkqrqw5j2t3pnjpnpmyletscjlyd';
const OTHER = 'q57rgv2s6vgv6oeylqnzy43keovtk6ifbmb36jl34arwdfwpyur5y2id';
const HSDIR = '$35DF27BA29982A5F418C752BEB8182126188724D~berni';

/** Lines as tor 0.4.9 writes them (control-spec HS_DESC). */
const TOR_EVENTS = {
  created: `650 HS_DESC CREATED ${ID} UNKNOWN UNKNOWN ZTkUMJlLPo/ixM/O+2wrxCAVR7x1fFanI5g1hcBVbho`,
  upload: `650 HS_DESC UPLOAD ${ID} UNKNOWN ${HSDIR} reuFJS+ry/nUxDUEXZMoi8jD++LgI8umwdjz4g884vw HSDIR_INDEX=BF61420E1273BC56D38560BE45A2B0DF7E5D6A7B4B2139083EE09DB88ED0DB06`,
  uploaded: `650 HS_DESC UPLOADED ${ID} UNKNOWN ${HSDIR}`,
  failed: `650 HS_DESC FAILED ${ID} UNKNOWN ${HSDIR} REASON=UPLOAD_REJECTED`,
  requested: `650 HS_DESC REQUESTED ${OTHER} NO_AUTH ${HSDIR} b3oeducbhjmbqmgw2i3jtz4fekkrinwj`,
  received: `650 HS_DESC RECEIVED ${OTHER} NO_AUTH ${HSDIR}`,
  uploadedOther: `650 HS_DESC UPLOADED ${OTHER} UNKNOWN ${HSDIR}`,
};

/** What the link's event listener gets: the text after `650 HS_DESC `. */
function body(line: string): string | undefined {
  return line.startsWith('650 HS_DESC ') ? line.slice('650 HS_DESC '.length) : undefined;
}

describe('parseHsDesc', () => {
  it("reads tor's own events", () => {
    expect(parseHsDesc(body(TOR_EVENTS.uploaded) ?? '')).toEqual({ action: 'UPLOADED', serviceId: ID });
    expect(parseHsDesc(body(TOR_EVENTS.requested) ?? '')).toEqual({ action: 'REQUESTED', serviceId: OTHER });
    expect(isUploadedFor(body(TOR_EVENTS.uploaded) ?? '', ID)).toBe(true);
    expect(isUploadedFor(body(TOR_EVENTS.uploadedOther) ?? '', ID)).toBe(false);
    expect(isUploadedFor(body(TOR_EVENTS.upload) ?? '', ID)).toBe(false);
  });

  it('never throws on what a filter may turn an event into, and never reads a redacted address as one', () => {
    for (const text of ['', ' ', 'XXXredactedXXX', 'UPLOADED', 'UPLOADED redacted UNKNOWN redacted', 'UPLOADED UNKNOWN', `SOMETHING ${ID}`, '\u0000\uffff']) {
      expect(() => parseHsDesc(text)).not.toThrow();
      expect(isUploadedFor(text, ID)).toBe(false);
    }
    expect(parseHsDesc('UPLOADED redacted UNKNOWN redacted')).toEqual({ action: 'UPLOADED', serviceId: null });
  });
});

describe("through Whonix's stock profile", () => {
  const stock = loadProfile(STOCK_PROFILE);

  it('lets HS_DESC be subscribed', () => {
    expect(allowsEvent(stock, 'HS_DESC')).toBe(true);
  });

  it('keeps the onion address readable in every event it rewrites, so the upload is recognised', () => {
    const seen = Object.fromEntries(Object.entries(TOR_EVENTS).map(([k, line]) => [k, rewriteEvent(stock, 'HS_DESC', line)]));
    expect(seen.uploaded).toBe(`650 HS_DESC UPLOADED ${ID} UNKNOWN redacted`);
    expect(isUploadedFor(body(seen.uploaded ?? '') ?? '', ID)).toBe(true);
    expect(seen.upload).toBe(`650 HS_DESC UPLOAD ${ID} UNKNOWN redacted redacted`);
    expect(seen.created).toBe(`650 HS_DESC CREATED ${ID} redacted redacted redacted`);
    for (const k of ['upload', 'created', 'uploadedOther']) {
      expect(isUploadedFor(body(seen[k] ?? '') ?? '', ID), k).toBe(false);
    }
  });

  it('turns the other events into a bare XXXredactedXXX line, which is no event at all', () => {
    for (const k of ['failed', 'requested', 'received'] as const) {
      const line = rewriteEvent(stock, 'HS_DESC', TOR_EVENTS[k]);
      expect(line).toBe('XXXredactedXXX');
      expect(body(line)).toBeUndefined();
    }
  });
});

describe("through the project's own profile", () => {
  const own = loadProfile(OWN_PROFILE);

  it('passes only UPLOADED, with the HSDir redacted and the address readable', () => {
    const uploaded = rewriteEvent(own, 'HS_DESC', TOR_EVENTS.uploaded);
    expect(uploaded).toBe(`650 HS_DESC UPLOADED ${ID} UNKNOWN redacted`);
    expect(isUploadedFor(body(uploaded) ?? '', ID)).toBe(true);
  });

  it('drops every other HS_DESC event (a rewrite to nothing is not sent), instead of sending a non-protocol line', () => {
    for (const k of ['created', 'upload', 'failed', 'requested', 'received'] as const) {
      expect(rewriteEvent(own, 'HS_DESC', TOR_EVENTS[k]).trim(), k).toBe('');
    }
  });

  it('allows no event but HS_DESC', () => {
    expect(Object.keys(own.filter.events ?? {})).toEqual(['HS_DESC']);
  });
});
