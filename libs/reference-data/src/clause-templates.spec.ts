import { describe, expect, it } from '@jest/globals';
import {
  PERSPECTIVES,
  clauseTemplatesForPerspective,
  findCatalogEntry,
  findClauseTemplate,
  getClauseTemplate,
  loadClauseTemplates,
  type ConfirmationMethod,
  type Perspective,
} from './index.js';

const { templates, sources } = loadClauseTemplates();
const basisCitations = (origin: string) =>
  templates
    .filter((t) => t.origin === origin)
    .flatMap((t) => t.references.filter((r) => r.relation === 'BASIS').map((r) => r.citation));

describe('clause templates', () => {
  it('holds 40 templates: 9 ISOC, 14 ETSI, 6 NISTIR 8259A, 11 framework measures', () => {
    expect(templates).toHaveLength(40);
    const byOrigin = Object.fromEntries(sources.map((s) => [s.id, templates.filter((t) => t.origin === s.id).length]));
    expect(byOrigin).toEqual({ ISOC_2019: 9, ETSI_EN_303_645: 14, NISTIR_8259A: 6, IOT_SSF: 11 });
  });

  it('has unique ids', () => {
    const ids = templates.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('covers ETSI EN 303 645 provisions 5.1 to 5.13 and clause 6, once each', () => {
    const expected = [...Array.from({ length: 13 }, (_, i) => `5.${i + 1}`), '6'].map((c) => `ETSI EN 303 645 ${c}`);
    expect(basisCitations('ETSI_EN_303_645')).toEqual(expected);
  });

  it('covers the six NISTIR 8259A capabilities', () => {
    expect(templates.filter((t) => t.origin === 'NISTIR_8259A').map((t) => t.id)).toEqual([
      'nistir-8259a-device-identification',
      'nistir-8259a-device-configuration',
      'nistir-8259a-data-protection',
      'nistir-8259a-logical-access-to-interfaces',
      'nistir-8259a-software-update',
      'nistir-8259a-cybersecurity-state-awareness',
    ]);
  });

  it('covers the nine ISOC principles and means', () => {
    expect(templates.filter((t) => t.origin === 'ISOC_2019').map((t) => t.id)).toEqual([
      'isoc-security-across-lifecycle',
      'isoc-protect-personal-critical-data',
      'isoc-easy-personal-data-deletion',
      'isoc-vulnerability-disclosure-policy',
      'isoc-security-update-support-period',
      'isoc-secure-software-update',
      'isoc-unique-credentials',
      'isoc-encrypted-communication',
      'isoc-secure-credential-storage',
    ]);
  });

  it('covers the framework measures, each confirmation method and each perspective', () => {
    const ssf = templates.filter((t) => t.origin === 'IOT_SSF');
    const methods = new Set(ssf.flatMap((t) => t.perspectives.map((p) => p.suggestedConfirmationMethod)));
    expect([...methods].sort()).toEqual([
      'COMPENSATION_SCHEME', 'INFORMATION_PROVISION', 'INSURANCE_POLICY', 'LICENSE', 'SELF_DECLARATION',
      'SELF_INSPECTION', 'THIRD_PARTY_CERTIFICATION', 'THIRD_PARTY_INSPECTION', 'TRAINING_RECORD',
    ]);
    for (const perspective of PERSPECTIVES) {
      expect(clauseTemplatesForPerspective(perspective).length).toBeGreaterThan(0);
    }
    expect(clauseTemplatesForPerspective('SOCIAL_SUPPORT').map((t) => t.id)).toEqual([
      'iot-ssf-liability-insurance',
      'iot-ssf-compensation-scheme',
    ]);
  });

  it('suggests a confirmation method that fits each perspective (IoT-SSF 3-3-1 to 3-3-4)', () => {
    const fitting: Record<Perspective, readonly ConfirmationMethod[]> = {
      BEFORE_OPERATION: ['SELF_DECLARATION', 'THIRD_PARTY_CERTIFICATION', 'INFORMATION_PROVISION'],
      DURING_OPERATION: ['SELF_INSPECTION', 'THIRD_PARTY_INSPECTION', 'INFORMATION_PROVISION'],
      OPERATOR_COMPETENCE: ['LICENSE', 'TRAINING_RECORD'],
      SOCIAL_SUPPORT: ['INSURANCE_POLICY', 'COMPENSATION_SCHEME'],
    };
    for (const t of templates) {
      for (const p of t.perspectives) {
        expect({ id: t.id, ...p, fits: fitting[p.perspective].includes(p.suggestedConfirmationMethod) })
          .toMatchObject({ fits: true });
      }
    }
  });

  it('resolves every reference that names a catalog entry', () => {
    const named = templates.flatMap((t) => t.references).filter((r) => r.catalogEntryId !== null);
    expect(named.length).toBeGreaterThan(0);
    for (const reference of named) {
      expect(findCatalogEntry(reference.catalogEntryId!)).toBeDefined();
    }
  });

  it('cites its basis by identifier only', () => {
    const identifier =
      /^(ETSI EN 303 645 (5\.([1-9]|1[0-3])|6)|NISTIR 8259A|IoT-SSF 3-3-[1-4]|ISOC IoT Security Policy Platform Statement 2019)$/;
    for (const t of templates) {
      const basis = t.references.filter((r) => r.relation === 'BASIS');
      expect(basis.length).toBeGreaterThan(0);
      for (const r of basis) expect(r.citation).toMatch(identifier);
    }
  });

  it('looks templates up by id', () => {
    expect(getClauseTemplate('iot-ssf-liability-insurance')).toMatchObject({
      origin: 'IOT_SSF',
      perspectives: [{ perspective: 'SOCIAL_SUPPORT', suggestedConfirmationMethod: 'INSURANCE_POLICY' }],
      references: [{ citation: 'IoT-SSF 3-3-4', catalogEntryId: null, relation: 'BASIS' }],
      suggestedClauseFields: ['coverage', 'servicePeriod'],
    });
    expect(findClauseTemplate('no-such-template')).toBeUndefined();
    expect(() => getClauseTemplate('no-such-template')).toThrow('Unknown clause template "no-such-template"');
  });
});
