import type { GenericRecord } from './parsed-record.js';

/** Reads rows of reports whose layout is undocumented: cells keyed by header name, `""` → null. */
export class GenericRowReader {
  constructor(private readonly names: readonly string[]) {}

  /** Reads one data row. */
  read(cells: string[], line: number): GenericRecord {
    const fields: Record<string, string | null> = {};
    for (let i = 0; i < this.names.length; i++) {
      const v = cells[i];
      fields[this.names[i] as string] = v === undefined || v === '' ? null : v;
    }
    return { kind: 'generic', line, fields };
  }
}
