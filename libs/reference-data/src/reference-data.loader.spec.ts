import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  CLAUSE_TEMPLATES_FILE,
  ReferenceDataError,
  STANDARDS_CATALOG_FILE,
  getCatalogEntry,
  loadClauseTemplates,
  loadStandardsCatalog,
  parseStandardsCatalog,
} from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'reference-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shippedCatalog = JSON.parse(readFileSync(STANDARDS_CATALOG_FILE, 'utf8')) as Record<string, unknown>;
const shippedTemplates = JSON.parse(readFileSync(CLAUSE_TEMPLATES_FILE, 'utf8')) as Record<string, unknown>;

function writeTemp(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** A copy of the shipped catalog with its first entry changed. */
function catalogWithFirstEntry(change: (entry: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(shippedCatalog) as { entries: Record<string, unknown>[] };
  change(copy.entries[0]!);
  return copy;
}

function loadError(load: () => unknown): ReferenceDataError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ReferenceDataError);
    return error as ReferenceDataError;
  }
  throw new Error('expected a ReferenceDataError');
}

describe('reference data loader', () => {
  it('finds the data directory relative to the module', () => {
    expect(fileURLToPath(STANDARDS_CATALOG_FILE)).toMatch(/libs[\\/]reference-data[\\/]data[\\/]standards-catalog\.v1\.json$/);
    expect(fileURLToPath(CLAUSE_TEMPLATES_FILE)).toMatch(/libs[\\/]reference-data[\\/]data[\\/]clause-templates\.v1\.json$/);
  });

  it('loads the shipped files once and hands out frozen data', () => {
    const catalog = loadStandardsCatalog();
    expect(loadStandardsCatalog()).toBe(catalog);
    expect(loadClauseTemplates()).toBe(loadClauseTemplates());
    expect(Object.isFrozen(catalog.entries[0])).toBe(true);
    expect(() => {
      (getCatalogEntry('nist-cps-framework') as { title: string | null }).title = 'changed';
    }).toThrow(TypeError);
  });

  it('loads a valid file given by path', () => {
    const file = writeTemp('valid.json', shippedCatalog);
    expect(loadStandardsCatalog(file).entries).toHaveLength(23);
  });

  it('rejects a missing file, naming it', () => {
    const error = loadError(() => loadStandardsCatalog(join(dir, 'absent.json')));
    expect(error.message).toContain(join(dir, 'absent.json'));
    expect(error.problems[0]).toMatch(/^cannot read file/);
  });

  it('rejects a file that is not JSON', () => {
    const file = writeTemp('broken.json', '{ "version": 1, ');
    const error = loadError(() => loadStandardsCatalog(file));
    expect(error.message).toContain(file);
    expect(error.problems[0]).toMatch(/^not valid JSON/);
  });

  it('rejects malformed entries, listing each problem with its path', () => {
    const file = writeTemp(
      'malformed.json',
      catalogWithFirstEntry((entry) => {
        delete entry['title'];
        entry['publishedDate'] = '5 January 2017';
        entry['version'] = '';
        entry['invented'] = 'a field the draft does not have';
      }),
    );
    const error = loadError(() => loadStandardsCatalog(file));
    expect(error.message).toMatch(/^Invalid reference data in .*malformed\.json:\n/);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^entries\[0\]\.title: /),
        expect.stringMatching(/^entries\[0\]\.publishedDate: must be YYYY, YYYY-MM or YYYY-MM-DD/),
        expect.stringMatching(/^entries\[0\]\.version: must not be empty \(use null when absent\)/),
        expect.stringMatching(/^entries\[0\]: .*invented/),
      ]),
    );
  });

  it('rejects duplicate ids and unknown organizations', () => {
    const copy = structuredClone(shippedCatalog) as { entries: Record<string, unknown>[] };
    copy.entries[1]!['id'] = copy.entries[0]!['id'];
    copy.entries[2]!['organizationId'] = 'nobody';
    const error = loadError(() => parseStandardsCatalog(copy, 'test data'));
    expect(error.problems).toEqual([
      'entries[1].id: duplicate id "ota-iot-trust-framework"',
      'entries[2].organizationId: unknown organization "nobody"',
    ]);
  });

  it('rejects an unsupported version', () => {
    const error = loadError(() => parseStandardsCatalog({ ...shippedCatalog, version: 2 }));
    expect(error.problems).toEqual([expect.stringMatching(/^version: /)]);
  });

  it('rejects a template whose catalog reference does not resolve', () => {
    const copy = structuredClone(shippedTemplates) as {
      templates: { references: { catalogEntryId: string | null }[] }[];
    };
    copy.templates[0]!.references[0]!.catalogEntryId = 'not-in-the-catalog';
    const file = writeTemp('templates.json', copy);
    const error = loadError(() => loadClauseTemplates({ file }));
    expect(error.problems).toEqual([
      'templates[0].references[0].catalogEntryId: unknown catalog entry "not-in-the-catalog"',
    ]);
  });

  it('rejects a template with an unknown perspective or method', () => {
    const copy = structuredClone(shippedTemplates) as {
      templates: { perspectives: { perspective: string; suggestedConfirmationMethod: string }[] }[];
    };
    copy.templates[0]!.perspectives = [{ perspective: 'AFTER_DISPOSAL', suggestedConfirmationMethod: 'HANDSHAKE' }];
    const file = writeTemp('templates-bad-enum.json', copy);
    const error = loadError(() => loadClauseTemplates({ file }));
    expect(error.problems).toEqual([
      expect.stringMatching(/^templates\[0\]\.perspectives\[0\]\.perspective: /),
      expect.stringMatching(/^templates\[0\]\.perspectives\[0\]\.suggestedConfirmationMethod: /),
    ]);
  });
});
