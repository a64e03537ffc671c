// Configuration of every Urumi Medusa store. Everything store-specific comes from the environment the
// chart sets (charts/ecommerce-store/templates/medusa/_helpers.tpl, "medusa.env"); secrets only from the
// store's Secret. Redis carries the event bus, cache, workflow engine and locks, as Medusa recommends
// for production.
const { defineConfig, Modules } = require("@medusajs/framework/utils");

const redisUrl = process.env.REDIS_URL;

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    workerMode: process.env.MEDUSA_WORKER_MODE || "shared",
    http: {
      storeCors: process.env.STORE_CORS,
      adminCors: process.env.ADMIN_CORS,
      authCors: process.env.AUTH_CORS,
      jwtSecret: process.env.JWT_SECRET,
      cookieSecret: process.env.COOKIE_SECRET,
    },
  },
  admin: {
    backendUrl: process.env.MEDUSA_BACKEND_URL,
  },
  modules: [
    { resolve: "@medusajs/medusa/cache-redis", options: { redisUrl } },
    { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
    { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
    {
      resolve: "@medusajs/medusa/locking",
      options: {
        providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true,
          options: { redisUrl } }],
      },
    },
    {
      // Product images on the store's uploads volume (mounted at <workDir>/static), served by the server.
      resolve: "@medusajs/medusa/file",
      options: {
        providers: [{ resolve: "@medusajs/medusa/file-local", id: "local",
          options: { upload_dir: "static", backend_url: `${process.env.MEDUSA_BACKEND_URL}/static` } }],
      },
    },
  ],
});
