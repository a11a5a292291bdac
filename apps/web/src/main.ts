import 'leaflet/dist/leaflet.css';
import './styles.css';
import { App } from './app';
import { missingTranslations } from './i18n';
import { missingWorldTranslations } from './world-i18n';

const root = document.getElementById('app');
if (root) {
  const app = new App(root);
  // For the e2e test and for debugging from the console.
  window.__edu = { app, missingTranslations: () => [...missingTranslations(), ...missingWorldTranslations()] };
  app.start().catch((e: unknown) => {
    console.error(e);
    document.body.dataset.ready = 'error';
  });
}
