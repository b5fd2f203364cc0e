import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w @weft/ui` proxies the API to a `weft server` on :2746.
const api = 'http://localhost:2746';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 3000 },
  worker: { format: 'es' },
  server: { proxy: { '/api': api, '/artifact-files': api, '/artifacts': api } },
});
