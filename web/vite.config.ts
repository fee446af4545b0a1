/// <reference types="vitest/config" />
import type { ClientRequest, IncomingMessage } from 'node:http'
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
      '/api': {
        target: apiTarget,
        changeOrigin: true,
        ws: true,
        // The server refuses state-changing requests whose Origin is not its own (cross-site request forgery).
        // Requests from this dev page carry Vite's origin: present them with the server's. Others pass as they are.
        configure: (proxy) => {
          const asServer = (proxyReq: ClientRequest, req: IncomingMessage) => {
            if (req.headers.origin && req.headers.origin === `http://${req.headers.host}`) {
              proxyReq.setHeader('origin', new URL(apiTarget).origin)
            }
          }
          proxy.on('proxyReq', asServer)
          proxy.on('proxyReqWs', asServer)
        },
      },
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
