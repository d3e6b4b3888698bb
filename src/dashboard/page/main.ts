import { renderDetail } from './detail.js';
import { h } from './el.js';
import { filtersFrom, renderOverview } from './overview.js';

/** Hash routes: `#/?since=…` the overview, `#/settlements/ID` one settlement. */
async function route(app: HTMLElement): Promise<void> {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path = '/', query = ''] = hash.split('?');
  const detail = /^\/settlements\/(.+)$/.exec(path);
  app.setAttribute('aria-busy', 'true');
  try {
    if (detail) await renderDetail(app, decodeURIComponent(detail[1] ?? ''));
    else await renderOverview(app, filtersFrom(new URLSearchParams(query)));
  } catch (err) {
    app.replaceChildren(h('p', { class: 'error' }, `Could not load: ${err instanceof Error ? err.message : String(err)}`));
  } finally {
    app.setAttribute('aria-busy', 'false');
  }
}

const app = document.getElementById('app');
if (app) {
  window.addEventListener('hashchange', () => void route(app));
  void route(app);
}
