/**
 * What the map page keeps on `window` (apps/web/src/main.ts and app.ts), as browser tests and benches read it in
 * `page.evaluate`. They compile without the DOM types, so each declares `window` of this type for the code it runs
 * in the page: `declare const window: EduPageWindow;`.
 * @example await page.evaluate(() => window.__edu.missingTranslations()) // []
 */
export interface EduPageWindow {
  /** The page's app and its translation check (main.ts, for the e2e tests and the console). */
  __edu: {
    app: {
      map: {
        map: { setView(centre: [number, number], zoom: number): void; getCenter(): { lat: number; lng: number } };
        fit(fc: unknown): void;
      };
      villages: unknown;
    };
    missingTranslations(): string[];
  };
  /** Milliseconds from navigation start to the first coloured render (app.ts). */
  __eduFirstRenderMs?: number;
  __eduLoadMs?: number;
  /** Set only by a script injected through data: the XSS tests expect it never to be. */
  __xss?: number;
  localStorage: { setItem(key: string, value: string): void };
}
