import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import postcssPresetMantine from 'postcss-preset-mantine';
import { defineConfig, type Plugin } from 'vite';

const apiTarget = process.env.LOUPE_API ?? 'http://127.0.0.1:3000';
const outDir = path.join(import.meta.dirname, 'dist');

/** Writes a .gz beside each text asset; the server sends it to browsers that accept gzip. */
function precompress(): Plugin {
  return {
    name: 'loupe-precompress',
    // The server's first-screen bundle (an SSR build) is read from disk, never sent.
    apply: (_config, env) => env.command === 'build' && !env.isSsrBuild,
    async closeBundle() {
      const files = await readdir(outDir, { recursive: true });
      await Promise.all(
        files
          .filter((f) => /\.(js|css|html|svg|json)$/.test(f))
          .map(async (f) => {
            const full = path.join(outDir, f);
            await writeFile(`${full}.gz`, await promisify(gzip)(await readFile(full), { level: 9 }));
          }),
      );
    },
  };
}

/**
 * The staff paths of the pipelines, for index.html's early board request: read off the API document
 * the way the typed client reads them (every `/api/v1/{base}/{id}/stage`), so no pipeline is named here.
 */
function pipelineBases(): Plugin {
  return {
    name: 'loupe-pipeline-bases',
    async transformIndexHtml(html) {
      const doc = JSON.parse(await readFile(path.join(import.meta.dirname, '../docs/openapi.json'), 'utf8')) as { paths: Record<string, unknown> };
      const bases = Object.keys(doc.paths).flatMap((p) => /^\/api\/v1\/([a-z]+)\/\{id\}\/stage$/.exec(p)?.[1] ?? []);
      return html.replace('__PIPELINE_BASES__', JSON.stringify(bases));
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), precompress(), pipelineBases()],
  css: { postcss: { plugins: [postcssPresetMantine()] } },
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // Every screen runs on React, Mantine's core, the router, the query cache and drag and drop:
        // one file of them, not fifty shared pieces that a first load asks for one by one over six
        // connections. What only some pages use (charts, dates, calendars) stays with those pages.
        codeSplitting: {
          groups: [
            {
              name: 'framework',
              test: /node_modules[\\/](react|react-dom|scheduler|@mantine[\\/](core|hooks|notifications|store)|@tanstack|@dnd-kit|@floating-ui|@tabler|openapi-fetch|clsx|react-remove-scroll|react-remove-scroll-bar|react-style-singleton|use-callback-ref|use-sidecar|get-nonce|tslib|detect-node-es|react-number-format|react-textarea-autosize|type-fest|tiny-invariant|tiny-warning|cookie-es|seroval|seroval-plugins)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget },
    },
  },
});
