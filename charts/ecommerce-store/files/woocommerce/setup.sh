#!/bin/sh
# Finishes a WooCommerce store: installs WordPress, WooCommerce and the sample products.
# Runs as a Helm post-install/post-upgrade hook, so every step must be safe to repeat.
# Settings come from the environment (see setup-job.yaml); secrets only from the Secret.
set -eu

log() { printf '%s setup: %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# WooCommerce needs more than PHP's default 128M; stdin closed so no command waits for input.
wp() { php -d memory_limit="$PHP_MEMORY_LIMIT" /usr/local/bin/wp "$@" </dev/null; }

deadline=$(( $(date +%s) + WAIT_TIMEOUT_SECONDS ))
wait_for() {
  what=$1; shift
  until "$@"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "gave up waiting for $what after ${WAIT_TIMEOUT_SECONDS}s"
      exit 1
    fi
    log "waiting for $what"
    sleep 5
  done
}

cd /var/www/html

# The web pod's entrypoint copies WordPress and writes wp-config.php on its first start.
files_ready() { [ -s wp-config.php ] && [ -f wp-includes/version.php ]; }
wait_for "WordPress files on the shared volume" files_ready
wait_for "the database" php /setup/db-ready.php

if wp core is-installed; then
  log "WordPress already installed"
else
  log "installing WordPress at $STORE_URL"
  # A throwaway password keeps the real one out of every process's argument list;
  # admin-password.php sets the real one from the environment just below.
  wp core install --url="$STORE_URL" --title="$STORE_TITLE" --admin_user="$ADMIN_USER" \
    --admin_email="$ADMIN_EMAIL" --admin_password="$(head -c 32 /dev/urandom | base64)" --skip-email
  wp rewrite structure '/%postname%/'
fi
# The Secret is the source of truth for the admin password (changed only when it differs).
wp eval-file /setup/admin-password.php

# Follow the values on every upgrade: host, TLS and title may have changed.
wp option update home "$STORE_URL"
wp option update siteurl "$STORE_URL"
wp option update blogname "$STORE_TITLE"

if wp plugin is-installed woocommerce; then
  log "WooCommerce already installed"
else
  log "installing WooCommerce from $WOOCOMMERCE_PLUGIN"
  if ! wp plugin install "$WOOCOMMERCE_PLUGIN"; then
    case "$WOOCOMMERCE_PLUGIN" in
      http://*|https://*)
        log "could not download WooCommerce from $WOOCOMMERCE_PLUGIN: this cluster's setup Job needs a route" \
          "to that address on port 80/443, or an operator can put the plugin's zip into the setup image" \
          "(woocommerce.cli.woocommerce in the store chart's values)" ;;
      *)
        log "could not install WooCommerce from $WOOCOMMERCE_PLUGIN: that zip is missing or broken in the" \
          "setup image (woocommerce.cli.image and woocommerce.cli.woocommerce in the store chart's values)" ;;
    esac
    exit 1
  fi
fi
wp plugin is-active woocommerce || wp plugin activate woocommerce

# A new store opens for business: no "coming soon" page, no onboarding wizard.
wp option update woocommerce_coming_soon no
wp option update woocommerce_onboarding_profile '{"skipped":true}' --format=json
# Shop, cart, checkout and account pages (creates only the missing ones).
wp wc tool run install_pages --user="$ADMIN_USER"

# Sample products: one per CSV row, skipped when a product with that SKU already exists.
rows=/tmp/products.rows
php /setup/csv-rows.php /setup/products.csv > "$rows"
sep=$(printf '\037')
while IFS="$sep" read -r name sku price description; do
  existing=$(wp wc product list --user="$ADMIN_USER" --sku="$sku" --format=ids)
  if [ -n "$existing" ]; then
    log "product $sku exists (id $existing)"
    continue
  fi
  wp wc product create --user="$ADMIN_USER" --type=simple --status=publish \
    --name="$name" --sku="$sku" --regular_price="$price" --description="$description" --porcelain
  log "product $sku created"
done < "$rows"

log "store ready at $STORE_URL"
