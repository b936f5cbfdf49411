// A tiny argv parser (no dependencies): long options with `=value` or a separate value, short options
// with an attached or separate value, repeatable options, `--` to end options. Error messages name the
// option, never a value: a value may be a secret typed by mistake.

/** `flag`: no value; `value`: one value; `list`: repeatable, values collected in order. */
export type OptionKind = 'flag' | 'value' | 'list';

export interface OptionSpec {
  /** Long name without dashes, e.g. `data`. */
  name: string;
  /** One-letter alias without the dash, e.g. `H`. */
  short?: string;
  kind: OptionKind;
  /** Placeholder shown in help, e.g. `METHOD`. */
  arg?: string;
  /** One line for the help text. */
  help: string;
}

export interface ParsedArgs {
  flags: Set<string>;
  values: Map<string, string>;
  lists: Map<string, string[]>;
  /** Every value given, in command-line order, by long name (for options whose order matters across names). */
  ordered: [string, string][];
  positionals: string[];
  help: boolean;
}

/** A mistake in how the command was called: one line for stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const HELP: OptionSpec = { name: 'help', short: 'h', kind: 'flag', help: 'show this help' };

// Options people reach for that must not exist: secrets never come from argv.
const FORBIDDEN: Record<string, string> = {
  secret: 'there is no --secret option (argv is visible to other users): use an environment variable or --secret-file FILE',
  'access-key': 'there is no --access-key option (argv is visible to other users): set HCSIGN_ACCESS_KEY or use --secret-file FILE',
  sk: 'there is no --sk option (argv is visible to other users): set HCSIGN_SECRET or HUAWEICLOUD_SDK_SK, or use --secret-file FILE',
};

/**
 * Parse `argv` (without the command words) against `specs`. `-h`/`--help` is always known.
 * @example parseArgs(['-X', 'POST', '--data=@b.json', 'https://x'], specs)
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const all = [...specs, HELP];
  const byLong = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short!, s]));
  const out: ParsedArgs = { flags: new Set(), values: new Map(), lists: new Map(), ordered: [], positionals: [], help: false };

  const set = (spec: OptionSpec, value: string | undefined, shown: string) => {
    if (spec.kind === 'flag') {
      if (value !== undefined) throw new UsageError(`${shown} takes no value`);
      if (spec.name === 'help') out.help = true;
      else out.flags.add(spec.name);
      return;
    }
    if (value === undefined) throw new UsageError(`${shown} needs a value${spec.arg ? ` (${spec.arg})` : ''}`);
    out.ordered.push([spec.name, value]);
    if (spec.kind === 'list') {
      const list = out.lists.get(spec.name) ?? [];
      list.push(value);
      out.lists.set(spec.name, list);
    } else {
      if (out.values.has(spec.name)) throw new UsageError(`${shown} is given twice`);
      out.values.set(spec.name, value);
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const shown = `--${name}`;
      const spec = byLong.get(name);
      if (!spec) {
        if (FORBIDDEN[name]) throw new UsageError(FORBIDDEN[name]);
        throw new UsageError(`unknown option ${shown.slice(0, 60)}`);
      }
      let value = eq < 0 ? undefined : arg.slice(eq + 1);
      if (value === undefined && spec.kind !== 'flag') {
        if (i + 1 >= argv.length) throw new UsageError(`${shown} needs a value${spec.arg ? ` (${spec.arg})` : ''}`);
        value = argv[++i]!;
      }
      set(spec, value, shown);
      continue;
    }
    if (arg.length > 1 && arg.startsWith('-')) {
      const letter = arg[1]!;
      const spec = byShort.get(letter);
      if (!spec) throw new UsageError(`unknown option -${letter}`);
      if (spec.kind === 'flag') {
        if (arg.length > 2) throw new UsageError(`-${letter} takes no value`);
        set(spec, undefined, `-${letter}`);
        continue;
      }
      let value: string | undefined = arg.length > 2 ? arg.slice(2) : undefined;
      if (value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`-${letter} needs a value${spec.arg ? ` (${spec.arg})` : ''}`);
        value = argv[++i]!;
      }
      set(spec, value, `-${letter}`);
      continue;
    }
    out.positionals.push(arg);
  }
  return out;
}

/** The help lines of a list of options, aligned. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const rows = [...specs, HELP].map((s) => {
    const names = (s.short ? `-${s.short}, ` : '    ') + `--${s.name}` + (s.kind === 'flag' ? '' : ` ${s.arg ?? 'VALUE'}`);
    return [names, s.help + (s.kind === 'list' ? ' (repeatable)' : '')] as const;
  });
  const width = Math.min(34, Math.max(...rows.map(([n]) => n.length)));
  return rows.map(([n, h]) => (n.length > width ? `  ${n}\n  ${' '.repeat(width)}  ${h}` : `  ${n.padEnd(width)}  ${h}`)).join('\n');
}
