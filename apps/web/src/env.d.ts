/* Browser code: the DOM library for this folder. The root tsconfig (lib ES2023, no DOM) also compiles apps/**,
   so the reference keeps `npx tsc -p tsconfig.json` passing there; apps/web/tsconfig.json has DOM of its own. */
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

declare module '*.css';
