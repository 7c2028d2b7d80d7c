// The topology picture (issue 13): the generator's topologyPicture() drawn
// as SVG. Nothing here knows Postfix or Cyrus: hosts, daemons, links and
// their labels all come from the picture; this file only lays them out.
// Hosts stack top to bottom in the order mail flows, so N hosts make a
// taller picture, never a wider one (a phone is 390 px wide). Colours are
// the theme's custom properties (styles.css, .topo-*), so both themes apply.
import { memo, type ReactNode } from 'react';
import type { PictureLink, TopologyPicture } from '@lmtp-wizard/generator';

const WIDTH = 360;
const LINE = 15;
const PAD = 8;
/** Characters per line at 11 px monospace in the widths below. */
const HOST_CHARS = 46;
const DAEMON_CHARS = 44;
const LINK_CHARS = 40;

/** Breaks a label into lines of at most `max` characters, after a space, "/", ":" or "," where it can. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const head = rest.slice(0, max);
    const cut = Math.max(head.lastIndexOf(' '), head.lastIndexOf('/'), head.lastIndexOf(':'), head.lastIndexOf(','));
    const at = cut > max / 3 ? cut + 1 : max;
    lines.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  lines.push(rest);
  return lines;
}

interface LabelLine {
  text: string;
  className: string;
}

const linkLines = (l: PictureLink): LabelLine[] => [
  ...wrap(l.label, LINK_CHARS).map((text) => ({ text, className: 'topo-value' })),
  ...wrap(l.auth, LINK_CHARS).map((text) => ({ text, className: 'topo-text' })),
  ...wrap(l.tlsText, LINK_CHARS).map((text) => ({ text, className: l.tls === 'off' ? 'topo-warn' : 'topo-text' })),
];

/** An arrow down from y1 to y2 at x, with its labels to the right. */
function Arrow({ x, y1, y2, lines, off }: { x: number; y1: number; y2: number; lines: LabelLine[]; off: boolean }) {
  return (
    <g>
      <line x1={x} y1={y1} x2={x} y2={y2 - 6} className={off ? 'topo-arrow is-off' : 'topo-arrow'} />
      <path
        d={`M ${x - 5} ${y2 - 8} L ${x} ${y2} L ${x + 5} ${y2 - 8} Z`}
        className={off ? 'topo-head is-off' : 'topo-head'}
      />
      {lines.map((l, i) => (
        <text key={i} x={x + 14} y={y1 + 4 + LINE * (i + 1) - 3} className={l.className}>
          {l.text}
        </text>
      ))}
    </g>
  );
}

const arrowHeight = (lines: number): number => Math.max(36, lines * LINE + 12);

/** The same facts in words: the picture's text alternative. */
export function describePicture(p: TopologyPicture): string {
  const hosts = p.hosts.map((h) => `${h.role} ${h.name} (folder ${h.folder}) runs ${h.daemons.join(' and ')}.`);
  const links = p.links.map((l) => `${l.details.join('; ')}.`);
  return [...hosts, ...links, ...p.notes.map((n) => `${n}.`)].join(' ');
}

export const TopologyPictureView = memo(function TopologyPictureView({ picture }: { picture: TopologyPicture }) {
  const parts: ReactNode[] = [];
  let y = PAD;
  picture.hosts.forEach((host, i) => {
    const top = y;
    const inner: ReactNode[] = [];
    const head = [
      ...wrap(host.name, HOST_CHARS).map((text) => ({ text, className: 'topo-name' })),
      { text: `${host.role} · ${host.folder}`, className: 'topo-muted' },
    ];
    head.forEach((l, j) => {
      inner.push(
        <text key={`h${j}`} x={20} y={top + 4 + LINE * (j + 1)} className={l.className}>
          {l.text}
        </text>,
      );
    });
    y = top + 10 + LINE * head.length;
    const inside = picture.links.filter((l) => l.from === host.id && l.to === host.id);
    host.daemons.forEach((daemon, j) => {
      const lines = wrap(daemon, DAEMON_CHARS);
      const h = lines.length * LINE + 10;
      inner.push(
        <g key={`d${j}`}>
          <rect x={20} y={y} width={WIDTH - 40} height={h} rx={5} className="topo-daemon" />
          {lines.map((text, k) => (
            <text key={k} x={30} y={y + 3 + LINE * (k + 1)} className="topo-text">
              {text}
            </text>
          ))}
        </g>,
      );
      y += h;
      // A link inside this host goes between its first daemon and the next.
      const link = j === 0 && host.daemons.length > 1 ? inside[0] : undefined;
      if (link) {
        const lines = linkLines(link);
        const h = arrowHeight(lines.length);
        inner.push(<Arrow key={`l${j}`} x={48} y1={y} y2={y + h} lines={lines} off={link.tls === 'off'} />);
        y += h;
      } else if (j < host.daemons.length - 1) y += 6;
    });
    y += 10;
    parts.push(
      <g key={host.id}>
        <rect x={PAD} y={top} width={WIDTH - 2 * PAD} height={y - top} rx={8} className="topo-host" />
        {inner}
      </g>,
    );
    // Links from this host to another: in the gap below it, naming the far end when it is not the next host.
    const out = picture.links.filter((l) => l.from === host.id && l.to !== host.id);
    out.forEach((link, k) => {
      const next = picture.hosts[i + 1]?.id;
      const lines = [
        ...(link.to === next ? [] : [{ text: `to ${link.to}`, className: 'topo-muted' }]),
        ...linkLines(link),
      ];
      const h = arrowHeight(lines.length);
      parts.push(<Arrow key={`${host.id}-${k}`} x={48} y1={y} y2={y + h} lines={lines} off={link.tls === 'off'} />);
      y += h;
    });
    if (out.length === 0 && i < picture.hosts.length - 1) y += 12;
  });
  const height = y + PAD;
  return (
    <section className="topology" aria-labelledby="topology-title">
      <h3 id="topology-title">Topology picture</h3>
      <svg
        className="topology-picture"
        role="img"
        aria-labelledby="topology-svg-title"
        aria-describedby="topology-svg-desc"
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        data-testid="topology-picture"
      >
        <title id="topology-svg-title">
          {picture.hosts.length === 1 ? 'One host' : `${picture.hosts.length} hosts`}:{' '}
          {picture.hosts.map((h) => h.name).join(', ')}
        </title>
        <desc id="topology-svg-desc">{describePicture(picture)}</desc>
        {parts}
      </svg>
      {picture.notes.length > 0 ? <p className="topology-notes">{picture.notes.join('. ')}</p> : null}
    </section>
  );
});
