/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import vuetify from 'vite-plugin-vuetify'

// Where `npm run dev` sends /api (and the /api/ws websocket). Override with SEMAPHORE_API_URL,
// e.g. SEMAPHORE_API_URL=http://localhost:3100 npm run dev
const apiTarget = process.env.SEMAPHORE_API_URL ?? 'http://localhost:3000'

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Imports only the Vuetify components (and their CSS) that templates use.
    vuetify({ autoImport: true }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    server: { deps: { inline: ['vuetify'] } },
  },
})
