// Small line icons drawn inline as SVG (renderer): no icon fonts, nothing remote.
const PATHS = {
  share: 'M12 15V4M7.5 8.5 12 4l4.5 4.5M4 14v4.5A1.5 1.5 0 0 0 5.5 20h13a1.5 1.5 0 0 0 1.5-1.5V14',
  receive: 'M12 4v11M7.5 10.5 12 15l4.5-4.5M4 14v4.5A1.5 1.5 0 0 0 5.5 20h13a1.5 1.5 0 0 0 1.5-1.5V14',
  website: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18ZM3.5 9h17M3.5 15h17M12 3c-2.5 2.6-3.6 5.6-3.6 9s1.1 6.4 3.6 9M12 3c2.5 2.6 3.6 5.6 3.6 9s-1.1 6.4-3.6 9',
  plus: 'M12 5v14M5 12h14',
  close: 'M6.5 6.5l11 11M17.5 6.5l-11 11',
  settings: 'M4 7h9M17 7h3M4 17h3M11 17h9M15 4.5v5M9 14.5v5',
  copy: 'M9 9h10.5v10.5H9zM15 9V5.5a1 1 0 0 0-1-1H5.5a1 1 0 0 0-1 1V14a1 1 0 0 0 1 1H9',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  file: 'M7 3.5h7l4 4v13H7zM14 3.5v4h4',
  folder: 'M3.5 6.5a1 1 0 0 1 1-1h5l2 2h8a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1h-15a1 1 0 0 1-1-1z',
  alert: 'M12 4 21 19.5H3zM12 10v4.5M12 17v.5',
  info: 'M12 3.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17ZM12 11v5.5M12 7.5v.5',
  remove: 'M5 7.5h14M10 11v6M14 11v6M6.5 7.5l1 12h9l1-12M9.5 7.5V5h5v2.5',
  refresh: 'M19.5 12a7.5 7.5 0 1 1-2.2-5.3M19.5 4.5v4.5H15',
  back: 'M14.5 6 8.5 12l6 6',
  key: 'M14.5 4.5a5 5 0 1 0 0 10 5 5 0 0 0 0-10ZM10.8 12.7 4 19.5M6.5 17l2 2M8.5 15l2 2',
  link: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  clock: 'M12 3.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17ZM12 7.5V12l3 2',
  get: 'M12 3.5v11M7.5 10 12 14.5l4.5-4.5M5 19.5h14',
  chat: 'M4.5 5.5h15a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H10l-4.5 3.5v-3.5h-1a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1ZM8 10h8M8 13h5',
} as const;

export type IconName = keyof typeof PATHS;

/** Icons that point along the line of text: right to left, they point the other way. */
const DIRECTIONAL: ReadonlySet<IconName> = new Set(['back']);

export function Icon({ name, className }: { name: IconName; className?: string }) {
  const classes = ['icon', DIRECTIONAL.has(name) ? 'icon-directional' : '', className ?? ''].filter((c) => c !== '').join(' ');
  return (
    <svg
      className={classes}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.7"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

/** The app's mark: an onion drawn as nested drops. */
export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path className="logo-outer" d="M16 3c5 6 10 10.5 10 16.5a10 10 0 0 1-20 0C6 13.5 11 9 16 3Z" />
      <path className="logo-mid" d="M16 9c3 4 6 7 6 10.8a6 6 0 0 1-12 0C10 16 13 13 16 9Z" />
      <path className="logo-inner" d="M16 15c1.4 2 2.6 3.4 2.6 5a2.6 2.6 0 0 1-5.2 0c0-1.6 1.2-3 2.6-5Z" />
    </svg>
  );
}
