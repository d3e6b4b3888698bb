// Runs one benchmark contender in a child process of its own (so its peak RSS is its own): the
// script `url` is forked with `child <mode> ...args`, and the first message it sends is the result.
import { fork } from 'node:child_process';

export function forkContender(url, mode, args) {
  return new Promise((resolve, reject) => {
    const c = fork(new URL(url).pathname, ['child', mode, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    c.once('message', (m) => resolve({ mode, ...m }));
    c.once('error', reject);
    c.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${mode} exited ${code}`));
    });
  });
}
