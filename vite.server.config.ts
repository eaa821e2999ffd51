// The production server's own entry points (app/server/start.ts, worker.ts) compiled to plain
// JavaScript in build/bin, so `npm start` runs node without a TypeScript loader. Packages stay
// external (node_modules at run time); the app's own modules they use are bundled in.
import { defineConfig } from "vite";

export default defineConfig({
  build: {
    ssr: true,
    outDir: "build/bin",
    emptyOutDir: true,
    target: "node22",
    minify: false,
    rollupOptions: {
      input: { start: "app/server/start.ts", worker: "app/server/worker.ts" },
      output: { format: "esm", entryFileNames: "[name].js", chunkFileNames: "shared/[name]-[hash].js" },
    },
  },
  logLevel: "warn",
});
