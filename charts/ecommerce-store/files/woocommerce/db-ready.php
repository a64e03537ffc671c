<?php
// Exits 0 once the store's database accepts WordPress's credentials (same env as wp-config.php).
// PHP's own driver is used because the image's mysql client may lack MySQL 8's default auth plugin.
mysqli_report(MYSQLI_REPORT_OFF);
[$host, $port] = array_pad(explode(':', getenv('WORDPRESS_DB_HOST'), 2), 2, '3306');
$db = mysqli_init();
$db->options(MYSQLI_OPT_CONNECT_TIMEOUT, 5);
$ok = @$db->real_connect($host, getenv('WORDPRESS_DB_USER'), getenv('WORDPRESS_DB_PASSWORD'),
    getenv('WORDPRESS_DB_NAME'), (int) $port);
exit($ok ? 0 : 1);
