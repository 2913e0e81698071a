// The page at '/' of an address that carries several modes: plain links, no script (plain Node).
import { html } from './html';
import type { Page } from './page';

export interface LandingEntry {
  /** Where the mode lives, e.g. "/share/". */
  href: string;
  label: string;
  hint: string;
}

export function landingPage(entries: readonly LandingEntry[]): Page {
  return {
    status: 200,
    render: ({ tr }) => {
      const title = tr.t('pages.landing.title');
      const items = entries.map((e) => html`<li><a class="button" href="${e.href}">${e.label}</a><br><span class="muted">${e.hint}</span></li>\n`);
      return { title, body: html`<h1>${title}</h1>\n<p>${tr.t('pages.landing.intro')}</p>\n<ul class="modes">\n${items}</ul>` };
    },
  };
}
