// Seeds a new Medusa store: name and currency, a sales channel, a region, a publishable API key,
// shipping (a stock location, a service zone for the region's countries and a flat-rate shipping option),
// the sample products in products.json and the administrator. Run by setup.sh with "medusa exec";
// every step looks for what it would create and skips it when present, because the setup runs on
// every upgrade.
// Plain CommonJS, loaded from /setup: Medusa's packages are resolved from the server directory.
const { createRequire } = require("module");
const fs = require("fs");
const path = require("path");

const app = createRequire(path.join(process.cwd(), "package.json"));
const { ContainerRegistrationKeys, FeatureFlag, Modules, ProductStatus } = app("@medusajs/framework/utils");
const flows = app("@medusajs/medusa/core-flows");

const SALES_CHANNEL = "Default Sales Channel";
const REGION = "Default Region";
const API_KEY = "Storefront";
const ADMIN_AUTH = "emailpass";
const LOCATION = "Default Location";
const FULFILLMENT_SET = "Default Location shipping";
const SERVICE_ZONE = "Default Region countries";
const SHIPPING_OPTION = "Standard shipping";
// In the store's currency, in its main unit like the prices in products.json.
const SHIPPING_PRICE = 5;
// The fulfillment provider Medusa registers by default (@medusajs/fulfillment-manual).
const MANUAL_FULFILLMENT = "manual_manual";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

async function seed({ container, args }) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const currency = env("STORE_CURRENCY");
  const countries = env("STORE_COUNTRIES").split(",");

  const salesChannels = container.resolve(Modules.SALES_CHANNEL);
  let [channel] = await salesChannels.listSalesChannels({ name: SALES_CHANNEL });
  if (!channel) {
    ({ result: [channel] } = await flows.createSalesChannelsWorkflow(container).run({
      input: { salesChannelsData: [{ name: SALES_CHANNEL }] },
    }));
    logger.info(`created sales channel ${channel.id}`);
  }
  const location = await ensureStockLocation(container, logger, channel);

  // Follows the values on every upgrade: the title may have changed.
  const [store] = await container.resolve(Modules.STORE).listStores();
  await flows.updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        name: env("STORE_TITLE"),
        supported_currencies: [{ currency_code: currency, is_default: true }],
        default_sales_channel_id: channel.id,
        default_location_id: location.id,
      },
    },
  });

  const regions = container.resolve(Modules.REGION);
  let [region] = await regions.listRegions({ name: REGION });
  if (!region) {
    ({ result: [region] } = await flows.createRegionsWorkflow(container).run({
      input: { regions: [{ name: REGION, currency_code: currency, countries, payment_providers: ["pp_system_default"] }] },
    }));
    await flows.createTaxRegionsWorkflow(container).run({
      input: countries.map((country_code) => ({ country_code, provider_id: "tp_system" })),
    });
    logger.info(`created region ${region.id} (${currency}: ${countries.join(", ")})`);
  }

  const apiKeys = container.resolve(Modules.API_KEY);
  let [key] = await apiKeys.listApiKeys({ title: API_KEY, type: "publishable" });
  if (!key) {
    ({ result: [key] } = await flows.createApiKeysWorkflow(container).run({
      input: { api_keys: [{ title: API_KEY, type: "publishable", created_by: "" }] },
    }));
    await flows.linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channel.id] } });
    logger.info(`created publishable API key ${key.id}`);
  }
  // Not a secret (storefronts send it from browsers), and a storefront cannot work without it: the platform reads
  // this line from the Job's log and shows the key to the store's owner.
  console.log(`urumi-publishable-key=${key.token}`);

  const fulfillment = container.resolve(Modules.FULFILLMENT);
  let [profile] = await fulfillment.listShippingProfiles({ type: "default" });
  if (!profile) {
    ({ result: [profile] } = await flows.createShippingProfilesWorkflow(container).run({
      input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
    }));
  }
  await ensureShipping(container, logger, { location, profile, currency, countries });

  const products = container.resolve(Modules.PRODUCT);
  const samples = JSON.parse(fs.readFileSync(args[0], "utf8"));
  const existing = new Set((await products.listProducts({ handle: samples.map((p) => p.handle) }, { select: ["handle"] }))
    .map((p) => p.handle));
  const missing = samples.filter((p) => !existing.has(p.handle));
  if (missing.length > 0) {
    await flows.createProductsWorkflow(container).run({
      input: {
        products: missing.map((p) => ({
          title: p.title,
          handle: p.handle,
          description: p.description,
          status: ProductStatus.PUBLISHED,
          shipping_profile_id: profile.id,
          options: [{ title: "Default option", values: ["Default option value"] }],
          variants: [{
            title: p.title,
            sku: p.sku,
            manage_inventory: false,
            options: { "Default option": "Default option value" },
            prices: [{ amount: p.price, currency_code: currency }],
          }],
          sales_channels: [{ id: channel.id }],
        })),
      },
    });
  }
  logger.info(`sample products: ${missing.length} created, ${existing.size} already there`);

  await ensureAdmin(container, logger);
}

// Where orders ship from. A storefront offers only the shipping options of the stock locations of its
// sales channel, and only the location's fulfillment providers can ship from it. Links missing after a run
// interrupted half-way are made on the next.
async function ensureStockLocation(container, logger, channel) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const find = async () => (await query.graph({
    entity: "stock_location",
    filters: { name: LOCATION },
    fields: ["id", "sales_channels.id", "fulfillment_providers.id"],
  })).data[0];

  let location = await find();
  if (!location) {
    await flows.createStockLocationsWorkflow(container).run({ input: { locations: [{ name: LOCATION }] } });
    location = await find();
    logger.info(`created stock location ${location.id}`);
  }
  if (!location.sales_channels?.some((c) => c.id === channel.id)) {
    await flows.linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [channel.id] } });
  }
  if (!location.fulfillment_providers?.some((p) => p.id === MANUAL_FULFILLMENT)) {
    await flows.batchLinksWorkflow(container).run({
      input: {
        create: [{
          [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
          [Modules.FULFILLMENT]: { fulfillment_provider_id: MANUAL_FULFILLMENT },
        }],
      },
    });
  }
  return location;
}

// What a cart needs to be completed: a shipping fulfillment set at the stock location, a service zone for
// the region's countries and a flat-rate shipping option there for the products' (default) shipping profile,
// offered in the storefront ("enabled_in_store") and not for returns, as the admin dashboard makes them.
// The products do not manage inventory (samples that never run out), so no stock levels are needed.
async function ensureShipping(container, logger, { location, profile, currency, countries }) {
  const fulfillment = container.resolve(Modules.FULFILLMENT);
  const find = async () =>
    (await fulfillment.listFulfillmentSets({ name: FULFILLMENT_SET }, { relations: ["service_zones"] }))[0];

  let set = await find();
  if (!set) {
    await flows.createLocationFulfillmentSetWorkflow(container).run({
      input: { location_id: location.id, fulfillment_set_data: { name: FULFILLMENT_SET, type: "shipping" } },
    });
    set = await find();
  }
  let [zone] = set.service_zones;
  if (!zone) {
    ({ result: [zone] } = await flows.createServiceZonesWorkflow(container).run({
      input: {
        data: [{
          fulfillment_set_id: set.id,
          name: SERVICE_ZONE,
          geo_zones: countries.map((country_code) => ({ type: "country", country_code })),
        }],
      },
    }));
  }

  const [option] = await fulfillment.listShippingOptions({ name: SHIPPING_OPTION, service_zone_id: zone.id });
  if (!option) {
    const { result: [created] } = await flows.createShippingOptionsWorkflow(container).run({
      input: [{
        name: SHIPPING_OPTION,
        price_type: "flat",
        provider_id: MANUAL_FULFILLMENT,
        service_zone_id: zone.id,
        shipping_profile_id: profile.id,
        type: { label: "Standard", description: "Delivered in 3-5 business days.", code: "standard" },
        prices: [{ currency_code: currency, amount: SHIPPING_PRICE }],
        rules: [
          { attribute: "enabled_in_store", operator: "eq", value: "true" },
          { attribute: "is_return", operator: "eq", value: "false" },
        ],
      }],
    });
    logger.info(`created shipping option ${created.id} (${SHIPPING_PRICE} ${currency}: ${countries.join(", ")})`);
  }
}

// The administrator, made as "medusa user -e <email> -p <password>" makes it (@medusajs/medusa's
// commands/user.js): the user, an email/password identity, the identity linked to the user. The password
// comes from the environment (the Secret), never from a command line, where every process could read it.
// The Secret is the source of truth: an existing admin gets its password again, and a run interrupted
// half-way is completed.
async function ensureAdmin(container, logger) {
  const email = env("ADMIN_EMAIL");
  const password = env("ADMIN_PASSWORD");
  const auth = container.resolve(Modules.AUTH);

  let [user] = await container.resolve(Modules.USER).listUsers({ email });
  if (!user) {
    ({ result: [user] } = await flows.createUsersWorkflow(container).run({
      input: { users: [{ email, roles: await adminRoles(container) }] },
    }));
    logger.info(`created admin user ${email}`);
  }

  const [identity] = await auth.listProviderIdentities({ entity_id: email, provider: ADMIN_AUTH });
  // Both report failure in their result rather than throwing.
  const { success, error, authIdentity } = identity
    ? await auth.updateProvider(ADMIN_AUTH, { entity_id: email, password })
    : await auth.register(ADMIN_AUTH, { body: { email, password } });
  if (!success) throw new Error(`admin ${email}: ${error}`);
  if (authIdentity.app_metadata?.user_id !== user.id) {
    await auth.updateAuthIdentities({
      id: authIdentity.id,
      app_metadata: { ...authIdentity.app_metadata, user_id: user.id },
    });
  }
  logger.info(`admin user ${email} ${identity ? "has its password from the Secret" : "can sign in"}`);
}

// With role-based access control on (feature flag), "medusa user" makes the admin a super admin.
async function adminRoles(container) {
  if (!FeatureFlag.isFeatureEnabled("rbac")) return [];
  const [role] = await container.resolve(Modules.RBAC).listRbacRoles({ id: "role_super_admin" });
  return role ? [role.id] : [];
}

// "medusa exec" runs the default export, unwrapping "default" for as long as the default has one itself
// (resolveExports in @medusajs/utils): a function that is its own default overflows the stack there.
module.exports = { default: seed };
