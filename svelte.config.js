import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

const buildDir = process.env.BUILD_DIR || 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // SPA: the server serves index.html for every app route; the service worker caches the shell.
    // BUILD_DIR and SVELTEKIT_OUT_DIR let two builds run side by side (the server reads BUILD_DIR).
    adapter: adapter({ pages: buildDir, assets: buildDir, fallback: 'index.html', strict: true }),
    outDir: process.env.SVELTEKIT_OUT_DIR || '.svelte-kit',
    serviceWorker: { register: false },
  },
};

export default config;
