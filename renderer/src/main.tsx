// Renderer entry (browser / Electron renderer): i18n, the store fed by the Api, the React tree.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi, ApiMissingError } from './api';
import { App } from './components/App';
import { applyLanguage, initI18n } from './i18n';
import { createAppStore, connectStore } from './store/app-store';
import { StoreProvider } from './store/context';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';

// Until the main process says which language the app speaks (app.language), the browser's.
const i18n = initI18n(navigator.languages);
applyLanguage(i18n, i18n.language);
const rootElement = document.getElementById('root');
if (rootElement === null) throw new Error('index.html has no #root');
const root = createRoot(rootElement);

// Files dropped outside the drop zone would make the window navigate to them.
for (const type of ['dragover', 'drop'] as const) {
  window.addEventListener(type, (e) => e.preventDefault());
}

try {
  const api = getApi();
  const store = createAppStore(api);
  void connectStore(store, api);
  root.render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
} catch (error) {
  if (!(error instanceof ApiMissingError)) throw error;
  root.render(
    <main className="app-loading">
      <p role="alert">{i18n.t('app.apiMissing')}</p>
    </main>,
  );
}
