/* Browser code: the DOM library for this folder. The root tsconfig (lib ES2023, no DOM) also compiles apps/**,
   so the reference keeps `npx tsc -p tsconfig.json` passing there; apps/web/tsconfig.json has DOM of its own. */
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

declare module '*.css';

/** What the page keeps on `window` for the e2e tests, the load bench and debugging from the console. */
interface Window {
  /** The app and its translation check (main.ts). */
  __edu?: unknown;
  /** Milliseconds from navigation start to the first coloured render, and from the app's start (app.ts). */
  __eduFirstRenderMs?: number;
  __eduLoadMs?: number;
}
