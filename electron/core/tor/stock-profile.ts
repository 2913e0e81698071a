// Which Tor commands Whonix's stock onion-grater profile for OnionShare
// (40_onionshare.yml, shipped on every Whonix-Gateway) lets through, as
// OnionDrop sends them (plain Node). When a command it allows was filtered,
// no profile is enabled yet and `sudo onion-grater-add 40_onionshare` is the
// quickest fix; otherwise only OnionDrop's own profile helps.
// test/unit/tor/stock-profile.test.ts checks these against the real profile.

/** Commands as shown (keys masked): the forms of docs/tor-control-commands.md that the stock profile matches. */
const ALLOWED: readonly RegExp[] = [
  /^ADD_ONION NEW:ED25519-V3 Port=80,176[0-5][0-9]$/,
  /^ADD_ONION NEW:ED25519-V3 Flags=V3Auth Port=80,176[0-5][0-9] ClientAuthV3=[A-Z2-7]{52}$/,
  // A known key is allowed only for a private onion.
  /^ADD_ONION ED25519-V3:\S+ Flags=V3Auth Port=80,176[0-5][0-9] ClientAuthV3=[A-Z2-7]{52}$/,
  /^DEL_ONION [a-z2-7]{56}$/,
  /^GETINFO (onions\/current|version|status\/bootstrap-phase)$/,
  /^SETEVENTS( HS_DESC)?$/,
];

export function stockOnionShareProfileAllows(command: string): boolean {
  return ALLOWED.some((re) => re.test(command));
}
