// Minimal POSIX-style option parser shared by the simulated commands.
// spec: letters; a letter followed by ':' takes a value ("fky:Y:" as getopt(3)).
// Options may appear anywhere before "--" (the real AIX/GDS commands are
// usually typed with options first; being lenient here costs nothing).

export interface Parsed {
  opts: Map<string, string>;
  /** Repeated options (e.g. several -o) in order. */
  all: Array<[string, string]>;
  operands: string[];
  error: string | null;
}

export function getopt(args: readonly string[], spec: string): Parsed {
  const opts = new Map<string, string>();
  const all: Array<[string, string]> = [];
  const operands: string[] = [];
  let error: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a.charAt(j);
      const at = spec.indexOf(c);
      if (at < 0 || c === ':') {
        error ??= `illegal option -- ${c}`;
        continue;
      }
      if (spec.charAt(at + 1) === ':') {
        let value = a.slice(j + 1);
        if (value === '') {
          const next = args[i + 1];
          if (next === undefined) {
            error ??= `option requires an argument -- ${c}`;
            break;
          }
          value = next;
          i++;
        }
        opts.set(c, value);
        all.push([c, value]);
        break;
      }
      opts.set(c, '');
      all.push([c, '']);
    }
  }
  return { opts, all, operands, error };
}

/** "-e a,b=c" style lists used by GDS: returns key → value ('' when bare). */
export function parseList(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!text) return out;
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) out.set(part, '');
    else out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}
