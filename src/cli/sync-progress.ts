import type { SyncEvent } from '../sync/sync-types.js';
import type { CommandContext } from './context.js';

/** What `sync` feeds its events to, and stops once the run is over. */
export interface SyncProgress {
  onEvent: (e: SyncEvent) => void;
  stop: () => void;
}

/**
 * Sync's stderr: failures and warnings always, detail with --verbose, and a progress bar on a
 * terminal unless --quiet (cron mails stay short). While the bar is drawn, every log line, the
 * client's retry notices included, goes through cli-progress's MultiBar `log`, which prints it
 * above the bar and redraws the bar below it.
 */
export async function syncProgress(ctx: CommandContext): Promise<SyncProgress> {
  const log = (e: SyncEvent): void => {
    if (e.type === 'failed') ctx.log.warn(`${e.reportId}: download failed: ${e.message}`);
    else if (e.type === 'warning') ctx.log.warn(e.reportId ? `${e.reportId}: ${e.message}` : e.message);
    else if (e.type === 'window') ctx.log.verbose(`listing reports created ${e.createdSince} .. ${e.createdUntil}`);
    else if (e.type === 'downloaded') ctx.log.verbose(`${e.reportId}: ${e.bytes} bytes → ${e.path}`);
  };
  const stderr = ctx.io.stderr;
  if (!stderr.isTTY || ctx.settings().quiet) return { onEvent: log, stop: () => undefined };

  const { default: cliProgress } = await import('cli-progress');
  const bars = new cliProgress.MultiBar({
    stream: stderr as unknown as NodeJS.WritableStream,
    format: 'downloading {bar} {value}/{total} reports | {eta_formatted} left',
    hideCursor: true,
    clearOnComplete: true,
  }, cliProgress.Presets.shades_classic);
  let bar: ReturnType<typeof bars.create> | undefined;
  let restoreLog: (() => void) | undefined;
  return {
    onEvent: (e) => {
      if (e.type === 'planned' && e.toDownload > 0 && !bar) {
        bar = bars.create(e.toDownload, 0);
        restoreLog = ctx.log.redirect((line) => bars.log(line));
      } else if ((e.type === 'downloaded' || e.type === 'failed') && bar) {
        bar.increment();
      }
      log(e);
    },
    stop: () => {
      if (!bar) return;
      bars.update(); // prints lines logged since the last redraw, which stop() alone would drop
      bars.stop();
      restoreLog?.();
      bar = undefined;
    },
  };
}
