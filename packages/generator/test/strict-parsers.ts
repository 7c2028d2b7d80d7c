// Strict parsers for the syntaxes the generator writes. They accept only the
// shapes we intend to produce, so an injected line or column shows up as a
// parse error or an extra entry.
export type Pair = [string, string];

const isSkippable = (l: string) => l === '' || /^\s*#/.test(l);

/** main.cf: `key = value` or `key =`. */
export function parseMainCf(text: string): Pair[] {
  return text
    .split('\n')
    .filter((l) => !isSkippable(l))
    .map((l) => {
      const m = /^([a-z][a-z0-9_-]*) =(?: (\S(?:.*\S)?))?$/.exec(l);
      if (!m) throw new Error(`main.cf: bad line ${JSON.stringify(l)}`);
      return [m[1]!, m[2] ?? ''];
    });
}

/** imapd.conf: `key: value`. */
export function parseImapd(text: string): Pair[] {
  return text
    .split('\n')
    .filter((l) => !isSkippable(l))
    .map((l) => {
      const m = /^([a-z][a-z0-9_-]*): (\S(?:.*\S)?)$/.exec(l);
      if (!m) throw new Error(`imapd.conf: bad line ${JSON.stringify(l)}`);
      return [m[1]!, m[2]!];
    });
}

/** Whitespace-separated columns (master.cf, tmpfiles.d, services, hosts.*), tables. */
export function parseColumns(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => !isSkippable(l))
    .map((l) => {
      if (/^\s/.test(l)) throw new Error(`continuation line ${JSON.stringify(l)}`);
      return l.split(/[ \t]+/);
    });
}

/** cyrus.conf fragment: one SERVICES block of `name key="v" key=v` lines. */
export function parseCyrusServices(text: string): { name: string; opts: Record<string, string> }[] {
  const lines = text.split('\n').filter((l) => !isSkippable(l));
  if (lines[0] !== 'SERVICES {' || lines.at(-1) !== '}') throw new Error('cyrus.conf: not one SERVICES block');
  return lines.slice(1, -1).map((l) => {
    const m = /^\t([a-z][a-z0-9]*)((?: [a-z]+=(?:"[^"\n]*"|[^\s"]+))+)$/.exec(l);
    if (!m) throw new Error(`cyrus.conf: bad line ${JSON.stringify(l)}`);
    const opts: Record<string, string> = {};
    for (const o of m[2]!.matchAll(/ ([a-z]+)=(?:"([^"]*)"|(\S+))/g)) opts[o[1]!] = o[2] ?? o[3]!;
    return { name: m[1]!, opts };
  });
}

/**
 * Splits a command line into words, accepting only what shq produces: plain
 * words, single-quoted words with '\'' joins, and "$HERE"-prefixed paths.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /\s*((?:[A-Za-z0-9_./:=@%+,-]+|'[^']*'|\\'|"\$HERE")+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = re.exec(line))) {
    at = re.lastIndex;
    words.push(
      m[1]!.replace(/'([^']*)'|\\'|"\$HERE"/g, (all, q: string | undefined) =>
        q !== undefined ? q : all === "\\'" ? "'" : '$HERE',
      ),
    );
  }
  if (line.slice(at).trim() !== '') throw new Error(`shell: cannot split ${JSON.stringify(line)} at ${at}`);
  return words;
}
