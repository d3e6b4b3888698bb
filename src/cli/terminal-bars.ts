import type { MultiBar } from 'cli-progress';
import type { CommandContext } from './context.js';

/**
 * cli-progress bars on stderr (a terminal), drawn in `format`. Once `start()` is called, every log
 * line — the client's retry notices too — prints above the bars instead of through them;
 * `stop()` prints what was logged since the last redraw, clears the bars and restores the log.
 */
export async function terminalBars(ctx: CommandContext, format: string): Promise<{ bars: MultiBar; start: () => void; stop: () => void }> {
  const { default: cliProgress } = await import('cli-progress');
  const bars = new cliProgress.MultiBar({
    stream: ctx.io.stderr as unknown as NodeJS.WritableStream, format, hideCursor: true, clearOnComplete: true,
  }, cliProgress.Presets.shades_classic);
  let restoreLog: (() => void) | undefined;
  return {
    bars,
    start: () => {
      restoreLog ??= ctx.log.redirect((line) => bars.log(line));
    },
    stop: () => {
      if (!restoreLog) return;
      bars.update(); // prints the lines logged since the last redraw, which stop() alone would drop
      bars.stop();
      restoreLog();
      restoreLog = undefined;
    },
  };
}
