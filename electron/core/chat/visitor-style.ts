// The chat pages' own stylesheet, served as a file of the mode (plain Node):
// the front door's one inline stylesheet is allowed by its hash, and this one
// by 'self', so no page needs 'unsafe-inline'. It builds on that stylesheet's
// colours (--fg, --bg, --muted, --line, --accent) and sizes in rem.
export const VISITOR_STYLE = `
.chat-frame, .chat-live { display: block; width: 100%; height: min(60vh, 32rem); border: 1px solid var(--line); border-radius: .4rem; background: var(--bg); }
.chat-live, .chat-scroll { overflow-y: auto; display: flex; flex-direction: column-reverse; padding: .5rem .75rem; }
.chat-scroll { height: 100vh; }
.chat-log { list-style: none; margin: 0; padding: 0; }
.chat-log li { padding: .15rem 0; overflow-wrap: anywhere; overflow: hidden; }
.chat-who { font-weight: 600; }
.chat-host { display: inline-block; padding: 0 .35rem; border: 1px solid var(--accent); border-radius: .3rem; color: var(--accent); font-size: .75rem; font-weight: 600; }
.chat-text { white-space: pre-wrap; }
.chat-notice { color: var(--muted); font-style: italic; }
.chat-you { color: var(--accent); }
.chat-form { margin: 1rem 0; }
.chat-form label { display: block; font-weight: 600; margin-bottom: .25rem; }
.chat-row { display: flex; gap: .5rem; align-items: stretch; flex-wrap: wrap; }
.chat-row input { flex: 1 1 12rem; min-width: 0; font: inherit; padding: .5rem .6rem; color: var(--fg); background: var(--bg); border: 1px solid var(--muted); border-radius: .4rem; }
.chat-row .button { margin: 0; background: none; color: var(--accent); font: inherit; font-weight: 600; cursor: pointer; }
.chat-status:empty { display: none; }
.chat-closed { font-weight: 600; }
`;
