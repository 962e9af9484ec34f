import pg from 'pg';

/** Says which storage mode the suite runs in, and fails early when the PostgreSQL given is unreachable. */
export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    process.stdout.write('Storage mode: embedded (PGlite, in memory)\n');
    return;
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query('select version()');
    process.stdout.write(`Storage mode: PostgreSQL (${String(rows[0].version).split(' ').slice(0, 2).join(' ')})\n`);
  } catch (err) {
    throw new Error(`TEST_DATABASE_URL is set but PostgreSQL does not answer: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}
