import { getToken, setToken } from './api';
import type { App } from './app';
import { $, html, htmlJoin, setHtml } from './html';
import { t } from './i18n';

/**
 * The token prompt, and the optional base tiles: the server may name a tile URL (MAP_TILE_URL, served as
 * /web-config.json; the page's Content-Security-Policy admits images from that origin only). Without one the
 * administrative boundaries from the API are the only base: nothing is fetched from the internet.
 */
export class Settings {
  private serverTiles = '';
  private serverAttribution = '';

  constructor(private readonly app: App) {}

  async loadServerConfig(): Promise<void> {
    try {
      const res = await fetch('/web-config.json', { headers: { Accept: 'application/json' } });
      if (res.ok) {
        const cfg = (await res.json()) as { tileUrl?: string; tileAttribution?: string };
        this.serverTiles = typeof cfg.tileUrl === 'string' ? cfg.tileUrl : '';
        this.serverAttribution = typeof cfg.tileAttribution === 'string' ? cfg.tileAttribution : '';
      }
    } catch {
      /* no config endpoint: boundaries only */
    }
    this.applyTiles();
  }

  private applyTiles(): void {
    this.app.map.setTiles(this.serverTiles, this.serverAttribution);
  }

  open(message = ''): void {
    const dlg = $('#settings') as HTMLDialogElement;
    if (dlg.open) return; // several requests may be refused at once: keep what the user is typing
    setHtml(
      dlg,
      htmlJoin(
        html`<form method="dialog" class="settings-form" id="settings-form">
  <h2>${t('settings.title')}</h2>
  ${message ? html`<p class="notice error">${message}</p>` : ''}
  <label class="ctl block"><span>${t('settings.token')}</span>`,
        html`<input type="password" name="token" autocomplete="off" spellcheck="false" value="${getToken()}"></label>
  <p class="note">${t('settings.tokenHint')}</p>
  <div class="ctl block"><span>${t('settings.tiles')}`,
        htmlJoin(
          html`</span>`,
          html`${
            this.serverTiles
              ? html`<code class="tile-url">${this.serverTiles}</code>`
              : html`<span class="muted">${t('settings.tilesNone')}</span>`
          }`,
        ),
        html`</div>
  <p class="note">${t('settings.tilesHint')}</p>
  <div class="actions">
    <button type="button" class="btn btn-ghost" value="clear" id="settings-clear">${t('settings.clear')}`,
        html`</button>
    <span class="spacer"></span>
    <button type="button" class="btn btn-ghost" id="settings-cancel">${t('settings.cancel')}</button>
    <button type="submit" class="btn btn-primary" id="settings-save">${t('settings.save')}</button>
  </div>
</form>`,
      ),
    );
    const form = $('#settings-form', dlg) as HTMLFormElement;
    $('#settings-cancel', dlg).addEventListener('click', () => dlg.close());
    $('#settings-clear', dlg).addEventListener('click', () => {
      (form.elements.namedItem('token') as HTMLInputElement).value = '';
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const before = getToken();
      const token = (form.elements.namedItem('token') as HTMLInputElement).value.trim();
      setToken(token);
      dlg.close();
      this.app.applyI18n();
      if (token !== before) {
        // A new token: what failed before may work now.
        if (document.body.dataset.ready !== '1') location.reload();
        else {
          void this.app.alerts.load();
          void this.app.runs.load();
        }
      }
    });
    if (!dlg.open) dlg.showModal();
  }
}
