<?php
// Run with "wp eval-file": makes the admin's password the one in the Secret, read from the
// environment so it never appears in a command line. Untouched when it already matches, so
// the admin's sessions survive upgrades.
$user = get_user_by('login', getenv('ADMIN_USER'));
if (!$user) {
    WP_CLI::error('admin user "' . getenv('ADMIN_USER') . '" not found');
}
$password = getenv('ADMIN_PASSWORD');
if ($password === false || $password === '') {
    WP_CLI::error('ADMIN_PASSWORD is empty');
}
if (wp_check_password($password, $user->user_pass, $user->ID)) {
    WP_CLI::log('admin password already matches the Secret');
} else {
    wp_set_password($password, $user->ID);
    WP_CLI::log('admin password set from the Secret');
}
