import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Writes .gz and .br beside each script and style sheet once the build is on disk (the final
 * bytes, after Vite's last rewrites); the server sends them to browsers that accept them.
 */
function precompress(): Plugin {
  return {
    name: 'xiang-precompress',
    apply: 'build',
    enforce: 'post',
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css)$/.test(fileName)) continue;
        const source = readFileSync(path.join(dir, fileName));
        writeFileSync(path.join(dir, `${fileName}.gz`), gzipSync(source, { level: 9 }));
        writeFileSync(path.join(dir, `${fileName}.br`), brotliCompressSync(source));
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.XIANG_API_URL ?? 'http://localhost:3000', changeOrigin: false, ws: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
});
