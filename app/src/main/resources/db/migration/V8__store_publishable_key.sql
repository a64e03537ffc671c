-- A Medusa store's publishable API key, read from its setup Job: storefronts send it from browsers, so it is no
-- secret, and a storefront cannot work without it. NULL until known (and for engines without one).
ALTER TABLE stores ADD COLUMN publishable_key VARCHAR(200);
