import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { findCatalogOrganization, getCatalogEntry, loadStandardsCatalog } from './index.js';

// A copy of the NTIA draft the catalog was transcribed from, kept to check the transcription.
const seed = readFileSync(
  new URL('../sources/ntia-catalog-of-iot-security-standards-draft.txt', import.meta.url),
  'utf8',
);
const stripMarkup = (s: string) => s.replaceAll('<u>', '').replaceAll('</u>', '').replaceAll('*', '').replaceAll('\\$', '$');
// Whitespace-insensitive: PDF extraction broke lines and paragraphs arbitrarily.
const squash = (s: string) => stripMarkup(s).replace(/\s+/g, '');
const seedSquashed = squash(seed);

const catalog = loadStandardsCatalog();

describe('standards catalog', () => {
  it('holds the 23 document entries of the draft, in the draft order', () => {
    expect(catalog.version).toBe(1);
    expect(catalog.entries.map((e) => e.id)).toEqual([
      'ota-iot-trust-framework',
      'iic-g4-security-framework',
      'ocf-security-faq-and-specification-1-1-1',
      'nist-cps-framework',
      'aioti-wg07-wearables',
      'aioti-wg09-smart-mobility',
      'iso-iot-reference-architecture',
      'iec-tr-62443-2-3',
      'csa-iot-early-adopters-guidance',
      'omg-dds-security',
      'thread-specification-1-1',
      'cscc-cloud-customer-architecture-for-iot',
      'gsma-esim-remote-provisioning-architecture',
      'gsma-sgp-02-euicc-technical-specification',
      'gsma-sas-sm-standard',
      'gsma-sas-sm-methodology',
      'gsma-sgp-11-euicc-test-specification',
      'gsma-iot-security-guidelines',
      'dhs-securing-the-iot',
      'oma-dm-security',
      'fda-postmarket-cybersecurity-medical-devices',
      'bbf-tr-369-user-services-platform',
      'cablelabs-docsis-3-1-security-specification',
    ]);
  });

  it('has an entry for every non-empty "Document Title:" of the draft, and no other titled entry', () => {
    const printedTitles = [...seed.matchAll(/Document Title: ?(.*?)(?: Summary:| Brief summary:|\n|$)/g)]
      .map((m) => m[1]!.trim())
      .filter((t) => t !== '' && !t.startsWith('Summary:'));
    expect(printedTitles).toHaveLength(21);
    const titled = catalog.entries.filter((e) => e.title !== null);
    for (const printed of printedTitles) {
      expect(titled.filter((e) => e.title!.startsWith(printed))).toHaveLength(1);
    }
    // The two titled entries not introduced by "Document Title:": ISO's "Documents:" line.
    expect(titled.map((e) => e.id).filter((id) => !printedTitles.some((p) => getCatalogEntry(id).title!.startsWith(p))))
      .toEqual(['iso-iot-reference-architecture']);
  });

  it('lists every organization of the table of contents, plus CableLabs', () => {
    const toc = seed.slice(seed.indexOf('| Introduction |'), seed.indexOf('| Entry Template |'));
    const tocNames = [...toc.matchAll(/^\| (.+?) \| \d+ \|$/gm)]
      .map((m) => stripMarkup(m[1]!).replace(/:$/, ''))
      .filter((n) => !['Introduction', 'Catalog Entry Description', 'Definitions'].includes(n));
    expect(tocNames).toHaveLength(31);
    expect(catalog.organizations.map((o) => o.name)).toEqual([...tocNames, 'CableLabs']);
  });

  it('has unique ids and resolvable organizations', () => {
    const ids = catalog.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of catalog.entries) {
      expect(findCatalogOrganization(entry.organizationId)).toBeDefined();
    }
  });

  it('transcribes text fields from the draft without adding words', () => {
    // Deliberate edits, each explained in the entry's transcriptionNotes.
    const edited = new Set(['fda-postmarket-cybersecurity-medical-devices/summary', 'aioti-wg09-smart-mobility/summary']);
    const notFound: string[] = [];
    const check = (where: string, value: string | null) => {
      if (value !== null && !seedSquashed.includes(squash(value))) notFound.push(where);
    };
    for (const e of catalog.entries) {
      for (const field of ['title', 'summary', 'publishedDateText', 'version', 'domainOfApplicability', 'referenceCategory'] as const) {
        if (edited.has(`${e.id}/${field}`)) {
          expect(e.transcriptionNotes.length).toBeGreaterThan(0);
          continue;
        }
        check(`${e.id}.${field}`, e[field]);
      }
      e.urls.forEach((url, i) => check(`${e.id}.urls[${i}]`, url));
    }
    for (const o of catalog.organizations) {
      check(`${o.id}.name`, o.name);
      check(`${o.id}.url`, o.url);
      check(`${o.id}.summary`, o.summary);
      o.links.forEach((link, i) => check(`${o.id}.links[${i}]`, link));
    }
    expect(notFound).toEqual([]);
    // The two edits only remove characters.
    expect(seedSquashed).toContain(squash(getCatalogEntry('fda-postmarket-cybersecurity-medical-devices').summary!).replace('device.', 'device1.'));
    expect(seedSquashed).toContain(`${squash(getCatalogEntry('aioti-wg09-smart-mobility').summary!)}'`);
  });

  it('derives ISO dates only from the printed date', () => {
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    for (const e of catalog.entries) {
      if (e.publishedDate === null) continue;
      const text = e.publishedDateText!;
      const [year, month, day] = e.publishedDate.split('-').map(Number);
      expect(text).toContain(String(year));
      if (month !== undefined && day === undefined) expect(text).toContain(months[month - 1]);
      if (day !== undefined) {
        const parsed = new Date(text);
        expect([parsed.getFullYear(), parsed.getMonth() + 1, parsed.getDate()]).toEqual([year, month, day]);
      }
    }
  });

  it('maps a domain only when the printed domain names that sector', () => {
    for (const e of catalog.entries) {
      for (const domain of e.domains) {
        expect(e.domainOfApplicability!.toUpperCase().split(/\s+/)[0]).toBe(domain);
      }
    }
  });

  it('matches the draft field by field for the IIC security framework', () => {
    expect(getCatalogEntry('iic-g4-security-framework')).toEqual({
      id: 'iic-g4-security-framework',
      organizationId: 'iic',
      title: 'Industrial Internet of Things, Volume G4: Security Framework',
      summary: expect.stringMatching(/^The purpose of this document, 'Industrial Internet of Things, Volume G4: Security Framework' \(IISF\) is to identify.*meet stakeholders' expectations\.$/),
      urls: ['http://www.iiconsortium.org/pdf/IIC_PUB_G4_V1.00_PB.pdf'],
      publishedDateText: 'September 19, 2016',
      publishedDate: '2016-09-19',
      version: '1.0',
      domainOfApplicability: 'Industrial',
      domains: ['INDUSTRIAL'],
      referenceCategory: 'Guideline',
      usefulSections: ['7.3', '8.1', '8.10', '11.5.1'],
      transcriptionNotes: [],
    });
  });

  it('matches the draft field by field for the IEC patch-management report', () => {
    expect(getCatalogEntry('iec-tr-62443-2-3')).toEqual({
      id: 'iec-tr-62443-2-3',
      organizationId: 'iec',
      title: 'IEC/TR 62443-2-3, "Security for industrial automation and control systems - Part 2-3: Patch management in the IACS environment."',
      summary: expect.stringMatching(/^Describes requirements for asset owners .* may also be applicable for non-security related patches\.$/),
      urls: ['https://webstore.iec.ch/publication/22811'],
      publishedDateText: '30 June 2015',
      publishedDate: '2015-06-30',
      version: '1.0',
      domainOfApplicability: 'Industrial Automation',
      domains: ['INDUSTRIAL'],
      referenceCategory: null,
      usefulSections: [],
      transcriptionNotes: [],
    });
  });

  it('leaves fields null where the draft is silent', () => {
    expect(getCatalogEntry('dhs-securing-the-iot')).toMatchObject({
      title: 'Securing the Internet of Things',
      summary: null, // the draft holds the placeholder "ww"
      urls: ['https://www.dhs.gov/securingtheIoT'],
      publishedDateText: null,
      publishedDate: null,
      version: null,
      domainOfApplicability: null,
      domains: [],
      referenceCategory: null,
      usefulSections: [],
    });
    expect(getCatalogEntry('iso-iot-reference-architecture')).toMatchObject({
      summary: null,
      urls: [],
      publishedDate: null,
      version: null,
      referenceCategory: null,
    });
    expect(getCatalogEntry('csa-iot-early-adopters-guidance').title).toBeNull();
    const ocf = getCatalogEntry('ocf-security-faq-and-specification-1-1-1');
    expect([ocf.publishedDateText, ocf.publishedDate, ocf.version]).toEqual(['2017 for Security Spec', '2017', null]);
    const usp = getCatalogEntry('bbf-tr-369-user-services-platform');
    expect([usp.publishedDate, usp.version, usp.referenceCategory]).toEqual([null, '1.0-DRAFT-01', 'Specification']);
  });

  it('keeps organizations without documents, with their links', () => {
    const withEntries = new Set(catalog.entries.map((e) => e.organizationId));
    expect(catalog.organizations.filter((o) => !withEntries.has(o.id)).map((o) => o.id)).toEqual([
      'ieee', 'isa99', 'owasp', 'ietf', 'etsi', 'onem2m', '3gpp', 'itu-t-sg20', 'iotsf', 'iotc', 'sgip', 'ul', 'openfog', 'industrie-4-0', 'nerc',
    ]);
    expect(findCatalogOrganization('ietf')!.links).toHaveLength(3);
  });
});
