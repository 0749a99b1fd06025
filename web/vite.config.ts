import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// `tsunagu serve` listens on 8080 during development.
const apiServer = 'http://localhost:8080'
const proxy = {
  '/api': { target: apiServer },
  '/healthz': { target: apiServer },
}

export default defineConfig({
  plugins: [vue()],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
})
