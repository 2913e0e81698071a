// Where the get benchmark's circuits run (plain Node): the rendezvous circuits of both ends, read with
// GETINFO circuit-status / stream-status from the network's client tors, and how many of them each
// middle relay carries. A relay carrying several of one download's circuits splits its BandwidthRate
// between them: that, not the client, is then the bottleneck.

/** "ID STATUS PATH KEY=VALUE…" lines → circuits. */
function parseCircuits(text) {
  const circuits = [];
  for (const line of text.split('\n')) {
    const [id, status, path, ...rest] = line.trim().split(' ');
    if (!id || !status || !path || path.includes('=')) continue;
    const kv = Object.fromEntries(rest.map((w) => w.split('=')).filter((p) => p.length === 2));
    circuits.push({
      id,
      status,
      relays: path.split(',').map((hop) => hop.split('~')[1] ?? hop),
      purpose: kv.PURPOSE ?? '',
      created: Date.parse(`${kv.TIME_CREATED ?? ''}Z`),
    });
  }
  return circuits;
}

async function getInfo(client, key) {
  const control = await client.control();
  try {
    return await control.getInfo(key);
  } finally {
    control.close();
  }
}

/**
 * The rendezvous circuits at this moment: the downloader's that carry a stream, and the gateway's
 * created in the last `sinceMs`.
 */
export async function sampleCircuits(net, sinceMs = 600_000) {
  const downloader = net.client('downloader');
  const gateway = net.client('gateway');
  const [clientText, streamText, serviceText] = await Promise.all([
    getInfo(downloader, 'circuit-status'),
    getInfo(downloader, 'stream-status'),
    getInfo(gateway, 'circuit-status'),
  ]);
  const withStreams = new Set(
    streamText
      .split('\n')
      .map((l) => l.trim().split(' '))
      .filter((w) => w[1] === 'SUCCEEDED' && (w[3] ?? '').includes('.onion'))
      .map((w) => w[2]),
  );
  const since = Date.now() - sinceMs;
  const client = parseCircuits(clientText).filter((c) => c.status === 'BUILT' && c.purpose === 'HS_CLIENT_REND' && withStreams.has(c.id));
  const rendezvousPoints = new Set(client.map((c) => c.relays.at(-1)));
  const service = parseCircuits(serviceText).filter(
    (c) => c.status === 'BUILT' && c.purpose === 'HS_SERVICE_REND' && c.created >= since && rendezvousPoints.has(c.relays.at(-1)),
  );
  return { client, service };
}

/**
 * Per rate-limited middle relay (relayN), how many of the sampled circuit halves cross it. The
 * authorities (authN: guards and the fixed second hops) are not rate-limited and only counted.
 */
export function circuitLoad({ client, service }) {
  const perRelay = {};
  let authorityHops = 0;
  const count = (hops) => {
    for (const name of hops) {
      if (name.startsWith('relay')) perRelay[name] = (perRelay[name] ?? 0) + 1;
      else authorityHops++;
    }
  };
  // Not the first hop (the guard); the rendezvous point once per circuit, from the client's half
  // (it reads and writes each byte once, like any middle relay).
  for (const c of client) count(c.relays.slice(1));
  for (const c of service) count(c.relays.slice(1, -1));
  const counts = Object.values(perRelay);
  return {
    circuits: client.length,
    serviceHalves: service.length,
    middleRelaysUsed: counts.length,
    mostOnOneRelay: counts.length ? Math.max(...counts) : 0,
    relaysWithSeveral: counts.filter((n) => n > 1).length,
    limitedHops: counts.reduce((a, b) => a + b, 0),
    authorityHops,
  };
}

export function describeLoad(l) {
  return `${l.circuits} rendezvous circuit(s) carrying data (${l.serviceHalves} service halves seen): ${l.limitedHops} rate-limited hops on ${l.middleRelaysUsed} relays, at most ${l.mostOnOneRelay} on one; ${l.authorityHops} hops on authorities`;
}
