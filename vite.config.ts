import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const server = process.env.VL_DEV_SERVER ?? 'http://127.0.0.1:5000';

export default defineConfig({
  plugins: [sveltekit()],
  build: {
    // The plugin-timing note is for plugin authors; a person building the app has nothing to do with it.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    // `npm run dev` talks to a running `npm start` server for the API and the sync socket.
    proxy: {
      '/api': server,
      '/sync': { target: server.replace(/^http/, 'ws'), ws: true },
    },
  },
});
