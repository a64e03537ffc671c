<?php
/**
 * WordPress configuration of the local wordpress stand-in image (see README.md), written for it. The entrypoint
 * copies it to wp-config.php on a document root without one, with a fresh random value in place of each
 * "generated-at-first-start" below. Every setting is read from the environment on each request (NAME, or
 * NAME_FILE naming a file that holds the value), so passwords stay in the environment, never in this file.
 */

// WP-CLI loads this file twice: the helper must be defined once.
if (!function_exists('urumi_env')) {
	function urumi_env($name, $default) {
		$file = getenv($name . '_FILE');
		if ($file) {
			return rtrim(file_get_contents($file), "\r\n");
		}
		$value = getenv($name);
		return $value === false ? $default : $value;
	}
}

define('DB_NAME', urumi_env('WORDPRESS_DB_NAME', 'wordpress'));
define('DB_USER', urumi_env('WORDPRESS_DB_USER', 'example username'));
define('DB_PASSWORD', urumi_env('WORDPRESS_DB_PASSWORD', 'example password'));
define('DB_HOST', urumi_env('WORDPRESS_DB_HOST', 'mysql'));
define('DB_CHARSET', urumi_env('WORDPRESS_DB_CHARSET', 'utf8mb4'));
define('DB_COLLATE', urumi_env('WORDPRESS_DB_COLLATE', ''));

// Keys and salts sign cookies and nonces: from the environment when set, else generated once per volume.
define('AUTH_KEY', urumi_env('WORDPRESS_AUTH_KEY', 'generated-at-first-start'));
define('SECURE_AUTH_KEY', urumi_env('WORDPRESS_SECURE_AUTH_KEY', 'generated-at-first-start'));
define('LOGGED_IN_KEY', urumi_env('WORDPRESS_LOGGED_IN_KEY', 'generated-at-first-start'));
define('NONCE_KEY', urumi_env('WORDPRESS_NONCE_KEY', 'generated-at-first-start'));
define('AUTH_SALT', urumi_env('WORDPRESS_AUTH_SALT', 'generated-at-first-start'));
define('SECURE_AUTH_SALT', urumi_env('WORDPRESS_SECURE_AUTH_SALT', 'generated-at-first-start'));
define('LOGGED_IN_SALT', urumi_env('WORDPRESS_LOGGED_IN_SALT', 'generated-at-first-start'));
define('NONCE_SALT', urumi_env('WORDPRESS_NONCE_SALT', 'generated-at-first-start'));

$table_prefix = urumi_env('WORDPRESS_TABLE_PREFIX', 'wp_');

define('WP_DEBUG', (bool) urumi_env('WORDPRESS_DEBUG', ''));

// TLS ends at the ingress: a request it forwarded as https is https for WordPress (links, secure cookies).
if (isset($_SERVER['HTTP_X_FORWARDED_PROTO']) && strpos($_SERVER['HTTP_X_FORWARDED_PROTO'], 'https') !== false) {
	$_SERVER['HTTPS'] = 'on';
}

// More PHP for this site's configuration, as in the official image.
$urumi_config_extra = urumi_env('WORDPRESS_CONFIG_EXTRA', '');
if ($urumi_config_extra) {
	eval($urumi_config_extra);
}

if (!defined('ABSPATH')) {
	define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
