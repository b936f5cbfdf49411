// The shape of a CLI command and its help text.
import { formatOptions, type OptionSpec, type ParsedArgs } from './args.js';

export type Env = Record<string, string | undefined>;

export interface Command {
  /** The words after `hcsign`, e.g. `['apig', 'sign']`. */
  path: string[];
  /** One line for the command list. */
  summary: string;
  /** The usage line after `hcsign `. */
  usage: string;
  /** Paragraphs shown under the usage line. */
  description: string;
  options: OptionSpec[];
  examples?: string[];
  /** Runs the command; resolves to the exit code. */
  run(args: ParsedArgs, env: Env): Promise<number>;
}

/** The full `--help` text of a command. */
export function helpText(cmd: Command): string {
  const parts = [`Usage: hcsign ${cmd.usage}`, '', cmd.description.trim(), '', 'Options:', formatOptions(cmd.options)];
  if (cmd.examples?.length) parts.push('', 'Examples:', ...cmd.examples.map((e) => `  ${e}`));
  return parts.join('\n') + '\n';
}
