import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import {
  clauseTemplateSetSchema,
  standardsCatalogSchema,
  type CatalogEntry,
  type CatalogOrganization,
  type ClauseTemplate,
  type ClauseTemplateSet,
  type Perspective,
  type StandardsCatalog,
} from './reference-data.schema.js';

// Resolved against this module, so the same code finds the data from libs/reference-data/src
// (jest) and from dist/libs/reference-data/src (the build copies libs/reference-data/data beside it).
export const STANDARDS_CATALOG_FILE = new URL('../data/standards-catalog.v1.json', import.meta.url);
export const CLAUSE_TEMPLATES_FILE = new URL('../data/clause-templates.v1.json', import.meta.url);

/** A reference-data file is missing, is not JSON, or does not match its schema. */
export class ReferenceDataError extends Error {
  override readonly name = 'ReferenceDataError';

  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`Invalid reference data in ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
  }
}

type FileLocation = URL | string;

function displayName(file: FileLocation): string {
  return file instanceof URL && file.protocol === 'file:' ? fileURLToPath(file) : String(file);
}

function readJson(file: FileLocation): unknown {
  const name = displayName(file);
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ReferenceDataError(name, [`cannot read file: ${(cause as Error).message}`], { cause });
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch (cause) {
    throw new ReferenceDataError(name, [`not valid JSON: ${(cause as Error).message}`], { cause });
  }
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    return `${path.replace(/^\./, '') || '(root)'}: ${issue.message}`;
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Validates already-parsed standards-catalog data. `origin` names the data in error messages.
 * @throws ReferenceDataError listing every problem found.
 */
export function parseStandardsCatalog(data: unknown, origin = '(in-memory data)'): StandardsCatalog {
  const result = standardsCatalogSchema.safeParse(data);
  if (!result.success) throw new ReferenceDataError(origin, formatIssues(result.error));
  return deepFreeze(result.data);
}

/**
 * Validates already-parsed clause-template data, including that every reference naming a
 * catalog entry resolves in `catalog`.
 * @throws ReferenceDataError listing every problem found.
 */
export function parseClauseTemplates(
  data: unknown,
  catalog: StandardsCatalog,
  origin = '(in-memory data)',
): ClauseTemplateSet {
  const result = clauseTemplateSetSchema.safeParse(data);
  if (!result.success) throw new ReferenceDataError(origin, formatIssues(result.error));
  const entryIds = new Set(catalog.entries.map((e) => e.id));
  const unresolved = result.data.templates.flatMap((template, t) =>
    template.references.flatMap((reference, r) =>
      reference.catalogEntryId !== null && !entryIds.has(reference.catalogEntryId)
        ? [`templates[${t}].references[${r}].catalogEntryId: unknown catalog entry "${reference.catalogEntryId}"`]
        : [],
    ),
  );
  if (unresolved.length > 0) throw new ReferenceDataError(origin, unresolved);
  return deepFreeze(result.data);
}

let defaultCatalog: StandardsCatalog | undefined;
let defaultTemplates: ClauseTemplateSet | undefined;

/**
 * Loads and validates the standards catalog (the NTIA draft's document entries). Without a
 * `file`, reads the shipped `standards-catalog.v1.json` once and returns the same frozen object.
 */
export function loadStandardsCatalog(file?: FileLocation): StandardsCatalog {
  if (file === undefined) {
    defaultCatalog ??= parseStandardsCatalog(readJson(STANDARDS_CATALOG_FILE), displayName(STANDARDS_CATALOG_FILE));
    return defaultCatalog;
  }
  return parseStandardsCatalog(readJson(file), displayName(file));
}

/**
 * Loads and validates the baseline clause templates, resolving catalog references against
 * `options.catalog` (default: the shipped catalog). Without options, the result is cached.
 */
export function loadClauseTemplates(options: { file?: FileLocation; catalog?: StandardsCatalog } = {}): ClauseTemplateSet {
  const { file, catalog } = options;
  if (file === undefined && catalog === undefined) {
    defaultTemplates ??= parseClauseTemplates(
      readJson(CLAUSE_TEMPLATES_FILE),
      loadStandardsCatalog(),
      displayName(CLAUSE_TEMPLATES_FILE),
    );
    return defaultTemplates;
  }
  const location = file ?? CLAUSE_TEMPLATES_FILE;
  return parseClauseTemplates(readJson(location), catalog ?? loadStandardsCatalog(), displayName(location));
}

interface Indexes {
  entries: ReadonlyMap<string, CatalogEntry>;
  organizations: ReadonlyMap<string, CatalogOrganization>;
  templates: ReadonlyMap<string, ClauseTemplate>;
}
let indexes: Indexes | undefined;

function defaultIndexes(): Indexes {
  indexes ??= {
    entries: new Map(loadStandardsCatalog().entries.map((e) => [e.id, e])),
    organizations: new Map(loadStandardsCatalog().organizations.map((o) => [o.id, o])),
    templates: new Map(loadClauseTemplates().templates.map((t) => [t.id, t])),
  };
  return indexes;
}

/** The shipped catalog entry with this id, or undefined. */
export function findCatalogEntry(id: string): CatalogEntry | undefined {
  return defaultIndexes().entries.get(id);
}

/** The shipped catalog entry with this id. @throws Error when there is none. */
export function getCatalogEntry(id: string): CatalogEntry {
  const entry = findCatalogEntry(id);
  if (entry === undefined) throw new Error(`Unknown standards-catalog entry "${id}"`);
  return entry;
}

/** The shipped catalog organization with this id, or undefined. */
export function findCatalogOrganization(id: string): CatalogOrganization | undefined {
  return defaultIndexes().organizations.get(id);
}

/** The shipped clause template with this id, or undefined. */
export function findClauseTemplate(id: string): ClauseTemplate | undefined {
  return defaultIndexes().templates.get(id);
}

/** The shipped clause template with this id. @throws Error when there is none. */
export function getClauseTemplate(id: string): ClauseTemplate {
  const template = findClauseTemplate(id);
  if (template === undefined) throw new Error(`Unknown clause template "${id}"`);
  return template;
}

/** The shipped clause templates that apply to a perspective, in file order. */
export function clauseTemplatesForPerspective(perspective: Perspective): readonly ClauseTemplate[] {
  return loadClauseTemplates().templates.filter((t) =>
    t.perspectives.some((p) => p.perspective === perspective),
  );
}
