import type { Database } from 'better-sqlite3';
import { prepareRowInserts, SettlementRowInserter } from './settlement-row-inserter.js';
import { timeParam } from './store-rows.js';
import { toStoreError } from './to-store-error.js';
import type {
  ExportedRow, FinishedImport, ImportRecord, ReportRef, RowWriter, SettlementFilter, StoredSettlement, StoredWarning,
} from '../stored-report.js';
import { toStoredSettlement, type SettlementRow } from '../settlement-row.js';
import { EXPORTED_ROW_COLUMNS, EXPORTED_ROW_SQL_COLUMNS, ROW_TEXT_SEPARATOR, splitsIntoColumns, type ExportedRowCells } from '../exported-row-cells.js';

/** Rows an export batch holds: big enough to amortise the await, small enough to stream. */
const EXPORT_BATCH = 1000;


interface ImportRow {
  report_id: string; report_type: string; report_kind: string; file_path: string; sha256: string; bytes: number;
  row_count: number; warning_count: number; imported_at: string; settlement_ids: string | null;
}

/** Imported rows, settlements and warnings on one SQLite connection (migration 002). */
export function createSqliteRows(db: Database, stamp: () => string) {
  let s: ReturnType<typeof prepare> | undefined;
  const st = () => (s ??= prepare(db));

  return {
    getImport(reportId: string): ImportRecord | undefined {
      const row = st().getImport.get(reportId);
      return row ? toImportRecord(row) : undefined;
    },
    listImports(): ImportRecord[] {
      return st().listImports.all().map(toImportRecord);
    },

    /** One `BEGIN IMMEDIATE` transaction across the awaits of `fill`; the caller serialises every other call. */
    async replaceReportRows<T>(report: ReportRef, fill: (writer: RowWriter) => Promise<T>): Promise<T> {
      const q = st();
      db.exec('BEGIN IMMEDIATE');
      try {
        const before = q.settlementIdsOf.all(report.reportId);
        for (const del of q.deletes) del.run(report.reportId);
        let warnings = 0;
        let finished: FinishedImport | undefined;
        const rows = new SettlementRowInserter(q.inserts, report.reportId);
        const writer: RowWriter = {
          addRecords: (batch) => Promise.resolve(rows.add(batch)),
          addWarnings: (ws) => {
            for (const w of ws) q.warning.run(report.reportId, w.line ?? null, w.code, w.message);
            warnings += ws.length;
            return Promise.resolve();
          },
          finish: (done) => {
            for (const t of done.settlements) {
              q.settlement.run(
                t.settlementId, report.reportId, report.reportType, t.sellerId, t.startRaw, t.startAt, t.endRaw, t.endAt,
                t.currency, t.rowCount, t.captures, t.refunds, t.fees, t.chargebacks, t.adjustments, t.reserve, t.net, t.payout,
                t.transferCount, t.firstPostedAt, t.lastPostedAt,
              );
            }
            finished = done;
            return Promise.resolve();
          },
        };
        const result = await fill(writer);
        if (!finished) throw new Error(`the import of ${report.reportId} ended without finish(): nothing was stored`);
        rows.flush();
        const f: FinishedImport = finished;
        q.upsertImport.run(report.reportId, report.reportType, f.reportKind, f.filePath, f.sha256, f.bytes, f.rowCount, warnings, stamp());
        for (const id of new Set([...before, ...f.settlements.map((t) => t.settlementId)])) q.pickActive.run({ id });
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },

    listSettlements(filter: SettlementFilter): StoredSettlement[] {
      return st().listSettlements.all({
        active: filter.activeOnly ? 1 : null,
        id: filter.settlementId ?? null,
        since: timeParam(filter.since, 'since'),
        until: timeParam(filter.until, 'until'),
      }).map(toStoredSettlement);
    },

    settlementRowCounts(): Array<{ reportId: string; settlementId: string; rows: number }> {
      return st().rowCounts.all();
    },

    reportWarnings(reportId: string, limit: number): { total: number; warnings: StoredWarning[] } {
      const total = st().warningCount.get(reportId) as number;
      return { total, warnings: st().warningsOf.all(reportId, Math.max(0, Math.trunc(limit))) };
    },

    // A generator over a synchronous statement: each batch is handed over at an await, so memory holds one batch.
    settlementRows(filter: { since?: string; until?: string }, location: string): AsyncGenerator<ExportedRow[]> {
      return batches(() => st().exportRows.iterate(exportParams(filter)), location);
    },

    settlementRowCells(filter: { since?: string; until?: string }, location: string): AsyncGenerator<ExportedRowCells[]> {
      return batches(() => st().exportCells.iterate({ ...exportParams(filter), offset: 0 }), location);
    },

    settlementRowTexts(filter: { since?: string; until?: string }, location: string): AsyncGenerator<Array<string | ExportedRowCells>> {
      return batches(function* () {
        const params = exportParams(filter);
        let emitted = 0;
        let rest: IterableIterator<ExportedRowCells> | undefined;
        for (const text of st().exportTexts.iterate(params)) {
          if (!splitsIntoColumns(text)) {
            // A cell holds the separator: the rest come as cells, from a statement that starts stepping while
            // this one is open, so that it reads the same snapshot. Report text has no U+001F: this is for safety.
            rest = db.prepare<Record<string, unknown>, ExportedRowCells>(EXPORT_CELLS_SQL).raw(true).iterate({ ...params, offset: emitted });
            const first = rest.next();
            if (!first.done) yield first.value;
            break;
          }
          emitted++;
          yield text;
        }
        if (rest) yield* rest;
      }, location);
    },
  };
}

function prepare(db: Database) {
  return {
    getImport: db.prepare<[string], ImportRow>(`${IMPORT_SELECT} WHERE i.report_id = ?`),
    listImports: db.prepare<[], ImportRow>(`${IMPORT_SELECT} ORDER BY i.seq`),
    settlementIdsOf: db.prepare<[string], string>('SELECT settlement_id FROM settlements WHERE report_id = ?').pluck(),
    deletes: ['settlement_rows', 'settlements', 'transaction_rows', 'report_warnings']
      .map((table) => db.prepare(`DELETE FROM ${table} WHERE report_id = ?`)),
    inserts: prepareRowInserts(db),
    warning: db.prepare('INSERT INTO report_warnings (report_id, line, code, message) VALUES (?, ?, ?, ?)'),
    settlement: db.prepare(`INSERT INTO settlements (settlement_id, report_id, report_type, seller_id, start_raw, start_at,
      end_raw, end_at, currency, row_count, captures, refunds, fees, chargebacks, adjustments, reserve, net, payout,
      transfer_count, first_posted_at, last_posted_at, active)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`),
    upsertImport: db.prepare(`INSERT INTO report_imports (report_id, report_type, report_kind, file_path, sha256, bytes,
      row_count, warning_count, imported_at, seq)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM report_imports))
      ON CONFLICT (report_id) DO UPDATE SET report_type = excluded.report_type, report_kind = excluded.report_kind,
        file_path = excluded.file_path, sha256 = excluded.sha256, bytes = excluded.bytes, row_count = excluded.row_count,
        warning_count = excluded.warning_count, imported_at = excluded.imported_at, seq = excluded.seq`),
    // The copy Amazon created last wins; without listing metadata, the one imported last.
    pickActive: db.prepare(`UPDATE settlements SET active = (report_id = (
        SELECT s.report_id FROM settlements s
        JOIN report_imports i ON i.report_id = s.report_id
        LEFT JOIN reports r ON r.report_id = s.report_id
        WHERE s.settlement_id = @id
        ORDER BY r.created_time IS NULL, r.created_time DESC, i.seq DESC
        LIMIT 1))
      WHERE settlement_id = @id`),
    listSettlements: db.prepare<Record<string, unknown>, SettlementRow>(`SELECT * FROM settlements s
      WHERE (@active IS NULL OR s.active = 1) AND (@id IS NULL OR s.settlement_id = @id)
        AND (@since IS NULL OR COALESCE(s.start_at, s.first_posted_at) >= @since)
        AND (@until IS NULL OR COALESCE(s.start_at, s.first_posted_at) < @until)
      ORDER BY COALESCE(s.start_at, s.first_posted_at), s.settlement_id, s.report_id`),
    // Walks the (report_id, line) b-tree once; no extra index needed.
    rowCounts: db.prepare<[], { reportId: string; settlementId: string; rows: number }>(`SELECT report_id AS reportId,
      settlement_id AS settlementId, count(*) AS rows FROM settlement_rows GROUP BY report_id, settlement_id`),
    warningCount: db.prepare<[string], number>('SELECT count(*) FROM report_warnings WHERE report_id = ?').pluck(),
    warningsOf: db.prepare<[string, number], StoredWarning>('SELECT line, code, message FROM report_warnings WHERE report_id = ? ORDER BY line LIMIT ?'),
    exportRows: db.prepare<Record<string, unknown>, ExportedRow>(`SELECT ${EXPORTED_ROW_COLUMNS.map((c, i) => `r.${EXPORTED_ROW_SQL_COLUMNS[i]} AS ${c}`).join(', ')} ${EXPORT_FROM}`),
    exportCells: db.prepare<Record<string, unknown>, ExportedRowCells>(EXPORT_CELLS_SQL).raw(true),
    // SQLite joins the cells (concat_ws builds the string once; it skips NULLs, hence ifnull): one
    // string per row crosses into JavaScript, not eighteen.
    exportTexts: db.prepare<Record<string, unknown>, string>(`SELECT concat_ws(char(${ROW_TEXT_SEPARATOR.charCodeAt(0)}),
      ${EXPORTED_ROW_SQL_COLUMNS.map((c) => `ifnull(r.${c}, '')`).join(', ')}) ${EXPORT_FROM}`).pluck(true),
  };
}

// Active copies only, by posted time. settlement_rows has no index on posted_at (each would cost
// every import a second b-tree): a settlement's first/last posted time bounds its rows, so the
// settlements table serves as a zone map. CROSS JOIN makes SQLite walk the few settlements whose
// window meets the range and read only their reports' rows by primary-key prefix; a full export
// reads every row once, and the temporary sort b-tree orders them.
const EXPORT_FROM = `FROM settlements s CROSS JOIN settlement_rows r ON r.report_id = s.report_id AND r.settlement_id = s.settlement_id
  WHERE s.active = 1
    AND (@until IS NULL OR s.first_posted_at IS NULL OR s.first_posted_at < @until)
    AND (@since IS NULL OR s.last_posted_at IS NULL OR s.last_posted_at >= @since)
    AND (@since IS NULL OR r.posted_at >= @since) AND (@until IS NULL OR r.posted_at < @until)
  ORDER BY r.posted_at, r.report_id, r.line`;
const EXPORT_CELLS_SQL = `SELECT ${EXPORTED_ROW_SQL_COLUMNS.map((c) => `r.${c}`).join(', ')} ${EXPORT_FROM} LIMIT -1 OFFSET @offset`;

const exportParams = (filter: { since?: string; until?: string }) => ({ since: timeParam(filter.since, 'since'), until: timeParam(filter.until, 'until') });

/** Hands `rows` over in batches of EXPORT_BATCH, an await apart; a failed read becomes a StoreError naming the store. */
// eslint-disable-next-line @typescript-eslint/require-await
async function* batches<T>(rows: () => Iterable<T>, location: string): AsyncGenerator<T[]> {
  let batch: T[] = [];
  try {
    for (const row of rows()) {
      batch.push(row);
      if (batch.length === EXPORT_BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    throw toStoreError(location, error);
  }
  if (batch.length > 0) yield batch;
}

const IMPORT_SELECT = `SELECT i.*, (SELECT group_concat(settlement_id, char(31)) FROM
    (SELECT settlement_id FROM settlements s WHERE s.report_id = i.report_id ORDER BY settlement_id)) AS settlement_ids
  FROM report_imports i`;

function toImportRecord(r: ImportRow): ImportRecord {
  return {
    reportId: r.report_id, reportType: r.report_type, reportKind: r.report_kind, filePath: r.file_path, sha256: r.sha256,
    bytes: r.bytes, rowCount: r.row_count, warningCount: r.warning_count, importedAt: r.imported_at,
    settlementIds: r.settlement_ids ? r.settlement_ids.split('\u001f') : [],
  };
}
