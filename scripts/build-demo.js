// Bundles the demo's AI SDK panel (demo/ai/panel.js) with Vite into build/demo-ai/panel.js,
// as an app using the SDK would be bundled; the package stays external (/js/ai.js).
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    outDir: 'build/demo-ai',
    emptyOutDir: true,
    lib: { entry: 'demo/ai/panel.js', formats: ['es'], fileName: () => 'panel.js' },
    rollupOptions: { external: [/^\/js\//] },
  },
});
