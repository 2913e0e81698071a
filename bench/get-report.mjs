// The get benchmark's report (plain Node, pure): markdown tables of throughput, time to first byte,
// ratios against curl and against `--streams 1`, and the targets of issue 16 judged.

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mbps = (r) => r.bytes / r.seconds / 1e6;
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const toolName = (tool) => (tool === 'curl' ? 'curl `--socks5-hostname` (1 stream)' : `\`oniondrop get --streams ${tool.slice(3)}\``);

/** Median MB/s, seconds and TTFB of one tool on one data set, with each round's figure. */
function summary(report, dataSet, tool) {
  const rs = report.runs.filter((r) => r.dataSet === dataSet && r.tool === tool);
  return {
    runs: rs,
    mbps: median(rs.map(mbps)),
    seconds: median(rs.map((r) => r.seconds)),
    ttfb: median(rs.map((r) => r.ttfbSeconds ?? NaN)),
    manifest: median(rs.map((r) => r.manifestSeconds ?? NaN)),
    retries: rs.reduce((n, r) => n + (r.retries ?? 0), 0),
  };
}

export function ratios(report, dataSet) {
  const curl = summary(report, dataSet, 'curl').mbps;
  const one = summary(report, dataSet, 'get1').mbps;
  return Object.fromEntries(report.tools.map((t) => [t, { vsCurl: summary(report, dataSet, t).mbps / curl, vsOne: summary(report, dataSet, t).mbps / one }]));
}

export function renderReport(report) {
  const o = report.options;
  const out = [];
  out.push(`### Run of ${report.when.slice(0, 19)}Z (${f1(report.minutes)} min${o.quick ? ', --quick: figures not representative' : ''})`, '');
  out.push(
    `${report.node}, ${report.tor}, ${report.curl.split(' ').slice(0, 2).join(' ')}. Load average (1/5/15 min) before: ${report.loadBefore.map(f2).join(' / ')}; after: ${report.loadAfter.map(f2).join(' / ')}.`,
    `Network: 4 authorities (the guards; not rate-limited) + ${o.relays} middle relays with \`${report.relayTorrc.join('`, `')}\`; clients "gateway" (the share${report.clientTorrc ? `: \`${report.clientTorrc.gateway.join('`, `')}\`` : ''}) and "downloader"${report.clientTorrc ? ` (\`${report.clientTorrc.downloader.join('`, `')}\`)` : ''}. Up after ${f1(report.startup.totalMs / 1000)} s.`,
    `${o.repeats} round(s); each figure is the median of the rounds [each round].`,
    '',
  );
  for (const ds of report.dataSets) {
    const r = ratios(report, ds.id);
    out.push(`#### ${ds.label} (${(ds.payloadBytes / 1e6).toFixed(1)} MB; curl fetches \`${ds.curlPath}\`, ${ds.curlBytes.toLocaleString('en')} bytes)`, '');
    out.push('| client | MB/s | seconds | manifest read (s) | time to first byte (s) | ÷ curl | ÷ `--streams 1` | retries |', '|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const tool of report.tools) {
      const s = summary(report, ds.id, tool);
      const each = s.runs.length > 1 ? ` [${s.runs.map((x) => f2(mbps(x))).join(', ')}]` : '';
      out.push(`| ${toolName(tool)} | ${f2(s.mbps)}${each} | ${f1(s.seconds)} | ${tool === 'curl' ? '' : f2(s.manifest)} | ${f2(s.ttfb)} | ${f2(r[tool].vsCurl)} | ${tool === 'curl' ? '' : f2(r[tool].vsOne)} | ${tool === 'curl' ? '' : s.retries} |`);
    }
    out.push('');
  }
  out.push('| target | data set | measured | result |', '|---|---|---:|---|');
  for (const ds of report.dataSets) {
    const r = ratios(report, ds.id);
    if (r.get4) out.push(`| \`--streams 4\` ≥ 2.5 × the single stream (curl) | ${ds.label} | ${f2(r.get4.vsCurl)} | **${r.get4.vsCurl >= 2.5 ? 'PASS' : 'MISS'}** |`);
    if (r.get1) out.push(`| \`--streams 1\` ≥ 0.9 × curl | ${ds.label} | ${f2(r.get1.vsCurl)} | **${r.get1.vsCurl >= 0.9 ? 'PASS' : 'MISS'}** |`);
  }
  out.push('');
  if (report.loads.length > 0) {
    out.push(
      'Circuits at half of each `get` download (GETINFO circuit-status and stream-status on both tors): the rendezvous circuits carrying data (the manifest\'s idle keep-alive circuit included), their hops on rate-limited relays, and how those hops spread over the relays. A relay crossed by k of them gives each about 1/k of its rate.',
      '',
      '| data set | client | circuits | rate-limited hops | relays they use | most on one relay | relays carrying more than one |',
      '|---|---|---:|---:|---:|---:|---:|',
    );
    for (const l of report.loads) out.push(`| ${l.dataSet} | ${toolName(l.tool)} | ${l.circuits} | ${l.limitedHops} | ${l.middleRelaysUsed} | ${l.mostOnOneRelay} | ${l.relaysWithSeveral} |`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
