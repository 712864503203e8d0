import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // SvelteKit needs its own cookie@0.6, not the service's cookie@2 that sits at the top of
  // node_modules: bundled, it is resolved from SvelteKit's folder.
  ssr: { noExternal: ['cookie'] },
  // `npm run dev:web` next to `npm start`: the API is the running service's.
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' } },
});
