import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import type { BenchOptions, MachineFacts } from './common.js';

export interface Figure {
  /** Section the figure belongs to (one per benchmark). */
  section: string;
  name: string;
  value: string;
  /** The baseline measured in the same run, with its value. */
  baseline: string;
  /** value / baseline where the goal is a ratio. */
  ratio?: string;
  goal: string;
  /** null: informational, no goal. */
  met: boolean | null;
  note?: string;
}

export class Report {
  readonly figures: Figure[] = [];
  readonly details: string[] = [];
  readonly failures: string[] = [];
  readonly interruptions: string[] = [];

  add(figure: Figure): void {
    this.figures.push(figure);
    process.stderr.write(
      `  -> ${figure.name}: ${figure.value} | baseline ${figure.baseline}${figure.ratio ? ` | ratio ${figure.ratio}` : ''} | goal ${figure.goal} | ${metText(figure.met)}\n`,
    );
  }

  detail(markdown: string): void {
    this.details.push(markdown);
  }

  /** Writes what this process measured for the process that started it (see `takeOver`). */
  handOff(file: string): void {
    const { figures, details, failures, interruptions } = this;
    writeFileSync(file, JSON.stringify({ figures, details, failures, interruptions }));
  }

  /** Adds what a benchmark's own process handed off in `file`; false when it wrote nothing. */
  takeOver(file: string): boolean {
    if (!existsSync(file)) return false;
    const part = JSON.parse(readFileSync(file, 'utf8')) as Pick<Report, 'figures' | 'details' | 'failures' | 'interruptions'>;
    this.figures.push(...part.figures);
    this.details.push(...part.details);
    this.failures.push(...part.failures);
    this.interruptions.push(...part.interruptions);
    return true;
  }

  failed(section: string, error: unknown): void {
    const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    this.failures.push(`### ${section}\n\n\`\`\`\n${message.slice(0, 2_000)}\n\`\`\``);
    process.stderr.write(`  !! ${section} failed: ${message}\n`);
  }

  write(path: string, facts: MachineFacts, options: BenchOptions, startedAt: Date, findingsPath: string): void {
    const seconds = (Date.now() - startedAt.getTime()) / 1000;
    const lines: string[] = [];
    lines.push('# Benchmark results');
    lines.push('');
    lines.push(`Written by \`npm run bench${options.quick ? ' -- --quick' : ''}\` on ${startedAt.toISOString()} in ${(seconds / 60).toFixed(1)} min` +
      ` (${options.quick ? '**quick mode: smoke figures only, scaled down, not for judging goals**' : 'full mode'}).`);
    lines.push('Every ratio compares two figures measured in this run, interleaved round by round (median of rounds), on a machine shared with other work.');
    lines.push('');
    lines.push('## Machine');
    lines.push('');
    lines.push('| fact | value |');
    lines.push('| --- | --- |');
    lines.push(`| CPU | ${facts.cpu} |`);
    lines.push(`| cores | ${facts.cores} |`);
    lines.push(`| memory | ${facts.memoryGb} GiB |`);
    lines.push(`| Node.js | ${facts.node} |`);
    lines.push(`| PostgreSQL | ${facts.postgres} |`);
    lines.push(`| PostgreSQL settings | ${Object.entries(facts.settings).map(([k, v]) => `${k}=${v}`).join(', ')} |`);
    lines.push(`| load average at start | ${facts.load} |`);
    lines.push(`| code measured | ${facts.code} |`);
    lines.push(`| dataset | ${options.events.toLocaleString('en-US')} events target, ${options.useCases.toLocaleString('en-US')} use cases |`);
    lines.push('');
    lines.push('## Figures');
    lines.push('');
    lines.push('| benchmark | figure | value | baseline (same run) | ratio | goal | met |');
    lines.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const figure of this.figures) {
      lines.push(`| ${figure.section} | ${figure.name} | ${figure.value} | ${figure.baseline} | ${figure.ratio ?? '-'} | ${figure.goal} | ${metText(figure.met)} |`);
    }
    const notes = this.figures.filter((figure) => figure.note);
    if (notes.length > 0) {
      lines.push('');
      lines.push('Notes:');
      lines.push('');
      for (const figure of notes) lines.push(`- **${figure.name}**: ${figure.note}`);
    }
    if (this.interruptions.length > 0) {
      lines.push('');
      lines.push('## Interruptions');
      lines.push('');
      lines.push('The shared PostgreSQL server was stopped during the run (by other work on this machine); these benchmarks were run again from scratch:');
      lines.push('');
      lines.push(...this.interruptions.map((line) => `- ${line}`));
    }
    if (this.failures.length > 0) {
      lines.push('');
      lines.push('## Benchmarks that failed to run');
      lines.push('');
      lines.push(...this.failures);
    }
    if (this.details.length > 0) {
      lines.push('');
      lines.push('## Details');
      lines.push('');
      lines.push(...this.details.flatMap((detail) => [detail, '']));
    }
    if (existsSync(findingsPath)) {
      lines.push('');
      lines.push(readFileSync(findingsPath, 'utf8').trim());
    }
    writeFileSync(path, `${lines.join('\n')}\n`);
  }
}

function metText(met: boolean | null): string {
  return met === null ? 'info' : met ? 'yes' : '**no**';
}
