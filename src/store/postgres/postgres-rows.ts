import type { Pool, PoolClient } from 'pg';
import { timeParam } from '../sqlite/store-rows.js';
import type {
  ExportedRow, FinishedImport, ImportRecord, ReportRef, RowWriter, SettlementFilter, StoredSettlement, StoredWarning,
} from '../stored-report.js';
import { toStoredSettlement, type SettlementRow } from '../settlement-row.js';
import { EXPORTED_ROW_COLUMNS, EXPORTED_ROW_SQL_COLUMNS, ROW_TEXT_SEPARATOR, splitsIntoColumns, type ExportedRowCells } from '../exported-row-cells.js';
import { PostgresRowInserter } from './postgres-row-inserter.js';

/** Warnings and settlements per multi-row INSERT (5 columns × 500 parameters, far below PostgreSQL's 65 535). */
const ROWS_PER_INSERT = 500;
/** Rows an export page holds (keyset pagination on the posted index). */
const EXPORT_BATCH = 1000;

const num = (v: unknown): number => Number(v);

interface ImportRow {
  report_id: string; report_type: string; report_kind: string; file_path: string; sha256: string; bytes: string;
  row_count: number; warning_count: number; imported_at: string; settlement_ids: string[] | null;
}


const IMPORT_SELECT = `SELECT i.*, ARRAY(SELECT s.settlement_id::text FROM settlements s WHERE s.merchant = i.merchant AND s.report_id = i.report_id
  ORDER BY s.settlement_id) AS settlement_ids FROM report_imports i`;

/** Imported rows, settlements and warnings of one merchant in PostgreSQL. */
export function createPostgresRows(
  pool: Pool, merchant: string, stamp: () => string,
  inTransaction: <T>(fn: (c: PoolClient) => Promise<T>) => Promise<T>,
) {
  return {
    async getImport(reportId: string): Promise<ImportRecord | undefined> {
      const r = await pool.query<ImportRow>(`${IMPORT_SELECT} WHERE i.merchant = $1 AND i.report_id = $2`, [merchant, reportId]);
      return r.rows[0] ? toImportRecord(r.rows[0]) : undefined;
    },
    async listImports(): Promise<ImportRecord[]> {
      const r = await pool.query<ImportRow>(`${IMPORT_SELECT} WHERE i.merchant = $1 ORDER BY i.seq`, [merchant]);
      return r.rows.map(toImportRecord);
    },

    /** One transaction on one connection for the whole import; a throw rolls every row back. */
    replaceReportRows<T>(report: ReportRef, fill: (writer: RowWriter) => Promise<T>): Promise<T> {
      return inTransaction(async (c) => {
        // Two imports of one report never interleave (another worker, another machine).
        await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`amazon-pay-reports:import:${merchant}:${report.reportId}`]);
        const before = (await c.query<{ settlement_id: string }>('SELECT settlement_id FROM settlements WHERE merchant = $1 AND report_id = $2', [merchant, report.reportId])).rows.map((r) => r.settlement_id);
        for (const table of ['settlement_rows', 'settlements', 'transaction_rows', 'report_warnings']) {
          await c.query(`DELETE FROM ${table} WHERE merchant = $1 AND report_id = $2`, [merchant, report.reportId]);
        }
        let warnings = 0;
        let finished: FinishedImport | undefined;
        const records = new PostgresRowInserter(c, merchant, report.reportId);
        const writer: RowWriter = {
          addRecords: (batch) => records.add(batch),
          addWarnings: async (ws) => {
            for (let i = 0; i < ws.length; i += ROWS_PER_INSERT) {
              const part = ws.slice(i, i + ROWS_PER_INSERT);
              await insertMany(c, 'report_warnings (merchant, report_id, line, code, message)', part.map((w) => [merchant, report.reportId, w.line ?? null, w.code, w.message]));
            }
            warnings += ws.length;
          },
          finish: async (done) => {
            if (done.settlements.length > 0) {
              await insertMany(c, `settlements (merchant, settlement_id, report_id, report_type, seller_id, start_raw, start_at, end_raw, end_at,
                currency, row_count, captures, refunds, fees, chargebacks, adjustments, reserve, net, payout, transfer_count,
                first_posted_at, last_posted_at)`, done.settlements.map((t) => [
                merchant, t.settlementId, report.reportId, report.reportType, t.sellerId, t.startRaw, t.startAt, t.endRaw, t.endAt,
                t.currency, t.rowCount, t.captures, t.refunds, t.fees, t.chargebacks, t.adjustments, t.reserve, t.net, t.payout,
                t.transferCount, t.firstPostedAt, t.lastPostedAt,
              ]));
            }
            finished = done;
          },
        };
        const result = await fill(writer);
        if (!finished) throw new Error(`the import of ${report.reportId} ended without finish(): nothing was stored`);
        await records.flush();
        const f: FinishedImport = finished;
        await c.query(`INSERT INTO report_imports (merchant, report_id, report_type, report_kind, file_path, sha256, bytes, row_count,
          warning_count, imported_at, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, nextval('report_imports_seq'))
          ON CONFLICT (merchant, report_id) DO UPDATE SET report_type = excluded.report_type, report_kind = excluded.report_kind,
            file_path = excluded.file_path, sha256 = excluded.sha256, bytes = excluded.bytes, row_count = excluded.row_count,
            warning_count = excluded.warning_count, imported_at = excluded.imported_at, seq = excluded.seq`,
        [merchant, report.reportId, report.reportType, f.reportKind, f.filePath, f.sha256, f.bytes, f.rowCount, warnings, stamp()]);
        for (const id of new Set([...before, ...f.settlements.map((t) => t.settlementId)])) {
          // The copy Amazon created last wins; without listing metadata, the one imported last.
          await c.query(`UPDATE settlements SET active = (report_id = (
              SELECT s.report_id FROM settlements s
              JOIN report_imports i ON i.merchant = s.merchant AND i.report_id = s.report_id
              LEFT JOIN reports r ON r.merchant = s.merchant AND r.report_id = s.report_id
              WHERE s.merchant = $1 AND s.settlement_id = $2
              ORDER BY r.created_time IS NULL, r.created_time DESC, i.seq DESC
              LIMIT 1))
            WHERE merchant = $1 AND settlement_id = $2`, [merchant, id]);
        }
        return result;
      });
    },

    async listSettlements(filter: SettlementFilter): Promise<StoredSettlement[]> {
      const r = await pool.query<SettlementRow>(`SELECT * FROM settlements s WHERE s.merchant = $1
        AND ($2::boolean IS NULL OR s.active) AND ($3::text IS NULL OR s.settlement_id = $3)
        AND ($4::text IS NULL OR COALESCE(s.start_at, s.first_posted_at) >= $4)
        AND ($5::text IS NULL OR COALESCE(s.start_at, s.first_posted_at) < $5)
        ORDER BY COALESCE(s.start_at, s.first_posted_at) NULLS FIRST, s.settlement_id, s.report_id`,
      [merchant, filter.activeOnly ? true : null, filter.settlementId ?? null, timeParam(filter.since, 'since'), timeParam(filter.until, 'until')]);
      return r.rows.map(toStoredSettlement);
    },

    async settlementRowCounts(): Promise<Array<{ reportId: string; settlementId: string; rows: number }>> {
      const r = await pool.query<{ reportId: string; settlementId: string; rows: string }>(`SELECT report_id AS "reportId",
        settlement_id AS "settlementId", count(*) AS rows FROM settlement_rows WHERE merchant = $1
        GROUP BY report_id, settlement_id ORDER BY report_id, settlement_id`, [merchant]);
      return r.rows.map((x) => ({ ...x, rows: num(x.rows) }));
    },

    async reportWarnings(reportId: string, limit: number): Promise<{ total: number; warnings: StoredWarning[] }> {
      const total = await pool.query<{ n: string }>('SELECT count(*) AS n FROM report_warnings WHERE merchant = $1 AND report_id = $2', [merchant, reportId]);
      const list = await pool.query<StoredWarning>(`SELECT line, code, message FROM report_warnings WHERE merchant = $1 AND report_id = $2
        ORDER BY line NULLS FIRST LIMIT $3`, [merchant, reportId, Math.max(0, Math.trunc(limit))]);
      return { total: num(total.rows[0]?.n), warnings: list.rows };
    },

    /** Keyset pages over (posted_at, report_id, line): each page one indexed range scan, memory one page. */
    async *settlementRows(filter: { since?: string; until?: string }, translate: (error: unknown) => unknown): AsyncGenerator<ExportedRow[]> {
      for await (const page of exportPages(filter, translate)) yield page.map(toExportedRow);
    },

    settlementRowCells(filter: { since?: string; until?: string }, translate: (error: unknown) => unknown): AsyncGenerator<ExportedRowCells[]> {
      return exportPages(filter, translate);
    },

    /** Joined here, not in SQL: the rows cross the network as cells either way. */
    async *settlementRowTexts(filter: { since?: string; until?: string }, translate: (error: unknown) => unknown): AsyncGenerator<Array<string | ExportedRowCells>> {
      for await (const page of exportPages(filter, translate)) {
        yield page.map((cells) => {
          const text = cells.join(ROW_TEXT_SEPARATOR);
          return splitsIntoColumns(text) ? text : cells;
        });
      }
    },
  };

  async function* exportPages(filter: { since?: string; until?: string }, translate: (error: unknown) => unknown): AsyncGenerator<ExportedRowCells[]> {
    const since = timeParam(filter.since, 'since');
    const until = timeParam(filter.until, 'until');
    let after: [string, string, number] | undefined;
    for (;;) {
      let page: ExportedRowCells[];
      try {
        const r = await pool.query<ExportedRowCells>({
          text: `SELECT ${EXPORTED_ROW_SQL_COLUMNS.map((c) => `r.${c}`).join(', ')} FROM settlement_rows r
            JOIN settlements s ON s.merchant = r.merchant AND s.report_id = r.report_id AND s.settlement_id = r.settlement_id AND s.active
            WHERE r.merchant = $1 AND ($2::text IS NULL OR r.posted_at >= $2) AND ($3::text IS NULL OR r.posted_at < $3)
              AND ($4::text IS NULL OR (r.posted_at, r.report_id, r.line) > ($4::text COLLATE "C", $5::text COLLATE "C", $6::integer))
            ORDER BY r.posted_at, r.report_id, r.line LIMIT ${EXPORT_BATCH}`,
          values: [merchant, since, until, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null],
          rowMode: 'array',
        });
        page = r.rows;
      } catch (error) {
        throw translate(error);
      }
      if (page.length === 0) return;
      yield page;
      const [, reportId, line, postedAt] = page[page.length - 1] as ExportedRowCells;
      after = [postedAt, reportId, line];
      if (page.length < EXPORT_BATCH) return;
    }
  }
}

/** One multi-row INSERT; the SQL text depends only on the row count, never on the values. */
async function insertMany(c: PoolClient, target: string, rows: readonly unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const width = (rows[0] as unknown[]).length;
  const tuples = rows.map((_, i) => `(${Array.from({ length: width }, (__, j) => `$${i * width + j + 1}`).join(', ')})`);
  await c.query(`INSERT INTO ${target} VALUES ${tuples.join(', ')}`, rows.flat());
}

function toImportRecord(r: ImportRow): ImportRecord {
  return {
    reportId: r.report_id, reportType: r.report_type, reportKind: r.report_kind, filePath: r.file_path, sha256: r.sha256,
    bytes: num(r.bytes), rowCount: r.row_count, warningCount: r.warning_count, importedAt: r.imported_at, settlementIds: r.settlement_ids ?? [],
  };
}

function toExportedRow(cells: ExportedRowCells): ExportedRow {
  return Object.fromEntries(EXPORTED_ROW_COLUMNS.map((c, i) => [c, cells[i]])) as ExportedRow;
}
