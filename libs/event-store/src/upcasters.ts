/**
 * Upcasters lift an old event schema to the next version when read, so stored events are never
 * rewritten. They chain: v1 -> v2 -> v3. The hash always covers the event as stored.
 */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: unknown): unknown;
}

export class UpcasterRegistry {
  private readonly byTypeAndVersion = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) {
      const key = `${upcaster.type}@${upcaster.fromVersion}`;
      if (this.byTypeAndVersion.has(key)) throw new Error(`Two upcasters for ${key}`);
      this.byTypeAndVersion.set(key, upcaster);
    }
  }

  upcast(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let current = data;
    for (let upcaster = this.byTypeAndVersion.get(`${type}@${version}`); upcaster; upcaster = this.byTypeAndVersion.get(`${type}@${version}`)) {
      current = upcaster.upcast(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
