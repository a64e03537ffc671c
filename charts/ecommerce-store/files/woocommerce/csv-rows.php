<?php
// Prints the sample-product CSV as one line per product, fields in the order
// name, sku, regular_price, description, separated by the ASCII unit separator (0x1f),
// so setup.sh can read rows whose descriptions hold commas and quotes.
$columns = ['name', 'sku', 'regular_price', 'description'];
$in = fopen($argv[1], 'r') or exit(1);
$header = array_map('trim', fgetcsv($in, 0, ',', '"', '') ?: []);
$missing = array_diff($columns, $header);
if ($missing) {
    fwrite(STDERR, 'products CSV lacks columns: ' . implode(', ', $missing) . "\n");
    exit(1);
}
while (($row = fgetcsv($in, 0, ',', '"', '')) !== false) {
    if ($row === [null]) {
        continue; // blank line
    }
    $product = array_combine($header, array_pad($row, count($header), ''));
    $fields = array_map(
        fn ($column) => trim(str_replace(["\r", "\n", "\x1f"], ' ', $product[$column])),
        $columns
    );
    if ($fields[1] === '') {
        fwrite(STDERR, "skipping a product without sku\n");
        continue;
    }
    echo implode("\x1f", $fields), "\n";
}
