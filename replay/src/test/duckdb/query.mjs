// Runs one SQL statement in an in-memory DuckDB and prints the rows as JSON lines: {column: value, ...}.
// Values are converted to JSON-friendly forms (DECIMAL and BIGINT as strings, TIMESTAMP as ISO-8601 UTC),
// and the column types come first as {"__types__": {...}}, so a test sees exactly what DuckDB made of a file.
//   usage: node query.mjs "SELECT ... FROM read_parquet('file.parquet')"
import { DuckDBInstance } from '@duckdb/node-api';

const sql = process.argv[2];
if (!sql) {
  console.error('usage: node query.mjs SQL');
  process.exit(2);
}
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(sql);
const names = reader.columnNames();
const types = reader.columnTypes().map((t) => t.toString());
console.log(JSON.stringify({ __types__: Object.fromEntries(names.map((n, i) => [n, types[i]])) }));
for (const row of reader.getRowsJson()) {
  console.log(JSON.stringify(Object.fromEntries(names.map((n, i) => [n, row[i]]))));
}
