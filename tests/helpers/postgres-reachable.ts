import pg from 'pg';

/** True when a PostgreSQL server answers at `url` within two seconds (benches add Postgres rows, scale tests run). */
export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
