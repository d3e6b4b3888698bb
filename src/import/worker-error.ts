import { ReportParseError } from '../errors.js';

/** An error as it crosses from the parse worker: its class by name, and the fields callers look at. */
export interface WorkerError {
  name: string;
  message: string;
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
  code?: string | undefined;
  errno?: number | undefined;
  syscall?: string | undefined;
  path?: string | undefined;
}

export function toWorkerError(error: unknown): WorkerError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const e = error as Error & Partial<Omit<WorkerError, 'name' | 'message'>>;
  return {
    name: e.name, message: e.message, file: e.file, line: e.line, column: e.column,
    code: typeof e.code === 'string' ? e.code : undefined, errno: e.errno, syscall: e.syscall, path: e.path,
  };
}

/**
 * The error again, on the importing side: a ReportParseError (or subclass) as a ReportParseError
 * with the same message and position, anything else as an Error keeping its code (ENOENT,
 * Z_DATA_ERROR…), so callers see what an import in this thread would have thrown.
 */
export function fromWorkerError(w: WorkerError): Error {
  if (w.name === 'ReportParseError' || w.name === 'MoneyFormatError') {
    const at = [w.file, w.line, w.column].filter((p) => p !== undefined).join(':');
    const message = at && w.message.startsWith(`${at}: `) ? w.message.slice(at.length + 2) : w.message;
    return new ReportParseError(message, { file: w.file, line: w.line, column: w.column });
  }
  const error = new Error(w.message) as Error & Omit<WorkerError, 'name' | 'message'>;
  error.name = w.name;
  for (const key of ['code', 'errno', 'syscall', 'path'] as const) {
    if (w[key] !== undefined) Object.assign(error, { [key]: w[key] });
  }
  return error;
}
