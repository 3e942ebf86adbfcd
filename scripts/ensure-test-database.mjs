// Creates the PostgreSQL database named in LEDGERBRIDGE_TEST_DATABASE_URL when it does not
// exist yet (tests create and drop their own databases beside it). Exits 1 if the server
// cannot be reached, so the caller can start it.
import pg from 'pg';

const url = new URL(process.env.LEDGERBRIDGE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ledgerbridge_test');
const name = url.pathname.replace(/^\//, '');
const admin = new URL(url);
admin.pathname = '/postgres';
const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
try {
  await client.connect();
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
  if (rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  console.log(`PostgreSQL test database ${name} is ready on ${url.host}`);
} catch (error) {
  console.error(`PostgreSQL is not reachable at ${url.host}: ${error.message}`);
  process.exitCode = 1;
} finally {
  await client.end().catch(() => {});
}
