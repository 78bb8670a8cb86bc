import { z } from 'zod';

/** The four perspectives of the framework's third axis (IoT-SSF 3-3). */
export const PERSPECTIVES = [
  'BEFORE_OPERATION',
  'DURING_OPERATION',
  'OPERATOR_COMPETENCE',
  'SOCIAL_SUPPORT',
] as const;
export type Perspective = (typeof PERSPECTIVES)[number];

/** How a clause is confirmed. `WAIVER` is a clause kind, not a method, so it is not listed here. */
export const CONFIRMATION_METHODS = [
  'SELF_DECLARATION',
  'THIRD_PARTY_CERTIFICATION',
  'SELF_INSPECTION',
  'THIRD_PARTY_INSPECTION',
  'LICENSE',
  'TRAINING_RECORD',
  'INFORMATION_PROVISION',
  'INSURANCE_POLICY',
  'COMPENSATION_SCHEME',
] as const;
export type ConfirmationMethod = (typeof CONFIRMATION_METHODS)[number];

/** The NTIA draft's five sectors ("Domain of applicability"). */
export const APPLICABILITY_DOMAINS = [
  'TRANSPORTATION',
  'MEDICAL',
  'INDUSTRIAL',
  'ENTERPRISE',
  'CONSUMER',
] as const;
export type ApplicabilityDomain = (typeof APPLICABILITY_DOMAINS)[number];

export const TEMPLATE_ORIGINS = ['ISOC_2019', 'ETSI_EN_303_645', 'NISTIR_8259A', 'IOT_SSF'] as const;
export type TemplateOrigin = (typeof TEMPLATE_ORIGINS)[number];

/** Optional clause fields a clause built from a template usually fills. */
export const CLAUSE_FIELDS = ['servicePeriod', 'coverage', 'frequency'] as const;
export type ClauseField = (typeof CLAUSE_FIELDS)[number];

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lower-case slug (a-z, 0-9, single hyphens)');
// Absent values are null, never "" or whitespace, so "the draft is silent" has one spelling.
const text = z
  .string()
  .min(1, 'must not be empty (use null when absent)')
  .refine((s) => s.trim() === s, 'must not start or end with whitespace');
const optionalText = text.nullable();
// ISO 8601 calendar date at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD.
const partialIsoDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');

function addDuplicateIssues(
  ids: readonly string[],
  collection: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id)) {
      ctx.addIssue({ code: 'custom', path: [collection, index, 'id'], message: `duplicate id "${id}"` });
    }
    seen.add(id);
  });
}

export const catalogOrganizationSchema = z.strictObject({
  id: slug,
  name: text,
  url: optionalText,
  summary: optionalText,
  links: z.array(text),
});

export const catalogEntrySchema = z
  .strictObject({
    id: slug,
    organizationId: slug,
    title: optionalText,
    summary: optionalText,
    urls: z.array(text),
    publishedDateText: optionalText,
    publishedDate: partialIsoDate.nullable(),
    version: optionalText,
    domainOfApplicability: optionalText,
    domains: z.array(z.enum(APPLICABILITY_DOMAINS)),
    referenceCategory: optionalText,
    usefulSections: z.array(text),
    transcriptionNotes: z.array(text),
  })
  .superRefine((entry, ctx) => {
    if (entry.title === null && entry.urls.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'an entry needs a title or a URL' });
    }
    if (entry.publishedDate !== null && entry.publishedDateText === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['publishedDate'],
        message: 'publishedDate must come from publishedDateText',
      });
    }
    if (entry.domains.length > 0 && entry.domainOfApplicability === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['domains'],
        message: 'domains must come from domainOfApplicability',
      });
    }
  });

export const standardsCatalogSchema = z
  .strictObject({
    version: z.literal(1),
    source: z.strictObject({
      title: text,
      documentVersion: text,
      status: text,
      file: text,
    }),
    conventions: z.array(text),
    organizations: z.array(catalogOrganizationSchema),
    entries: z.array(catalogEntrySchema).min(1),
  })
  .superRefine((catalog, ctx) => {
    addDuplicateIssues(catalog.organizations.map((o) => o.id), 'organizations', ctx);
    addDuplicateIssues(catalog.entries.map((e) => e.id), 'entries', ctx);
    const organizationIds = new Set(catalog.organizations.map((o) => o.id));
    catalog.entries.forEach((entry, index) => {
      if (!organizationIds.has(entry.organizationId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['entries', index, 'organizationId'],
          message: `unknown organization "${entry.organizationId}"`,
        });
      }
    });
  });

export const templateReferenceSchema = z.strictObject({
  /** The standard and clause, by identifier only, e.g. "ETSI EN 303 645 5.1". */
  citation: text,
  /** Id of a standards-catalog entry, when the cited document is in the catalog. */
  catalogEntryId: slug.nullable(),
  /** BASIS: the template derives from it; RELATED: other material on the same measure. */
  relation: z.enum(['BASIS', 'RELATED']),
});

export const clauseTemplateSchema = z
  .strictObject({
    id: slug,
    origin: z.enum(TEMPLATE_ORIGINS),
    perspectives: z
      .array(
        z.strictObject({
          perspective: z.enum(PERSPECTIVES),
          suggestedConfirmationMethod: z.enum(CONFIRMATION_METHODS),
        }),
      )
      .min(1),
    title: text,
    text: text,
    references: z.array(templateReferenceSchema).min(1),
    suggestedClauseFields: z.array(z.enum(CLAUSE_FIELDS)),
  })
  .superRefine((template, ctx) => {
    const perspectives = template.perspectives.map((p) => p.perspective);
    if (new Set(perspectives).size !== perspectives.length) {
      ctx.addIssue({ code: 'custom', path: ['perspectives'], message: 'a perspective is listed twice' });
    }
    if (!template.references.some((r) => r.relation === 'BASIS')) {
      ctx.addIssue({ code: 'custom', path: ['references'], message: 'needs at least one BASIS reference' });
    }
  });

export const clauseTemplateSetSchema = z
  .strictObject({
    version: z.literal(1),
    sources: z.array(
      z.strictObject({
        id: z.enum(TEMPLATE_ORIGINS),
        citation: text,
        title: text,
        date: partialIsoDate.nullable(),
        edition: optionalText,
      }),
    ),
    conventions: z.array(text),
    templates: z.array(clauseTemplateSchema).min(1),
  })
  .superRefine((set, ctx) => {
    addDuplicateIssues(set.sources.map((s) => s.id), 'sources', ctx);
    addDuplicateIssues(set.templates.map((t) => t.id), 'templates', ctx);
    const sourceIds = new Set<string>(set.sources.map((s) => s.id));
    set.templates.forEach((template, index) => {
      if (!sourceIds.has(template.origin)) {
        ctx.addIssue({
          code: 'custom',
          path: ['templates', index, 'origin'],
          message: `origin "${template.origin}" is not among sources`,
        });
      }
    });
  });

export type CatalogOrganization = z.infer<typeof catalogOrganizationSchema>;
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
export type StandardsCatalog = z.infer<typeof standardsCatalogSchema>;
export type TemplateReference = z.infer<typeof templateReferenceSchema>;
export type ClauseTemplate = z.infer<typeof clauseTemplateSchema>;
export type ClauseTemplateSet = z.infer<typeof clauseTemplateSetSchema>;
