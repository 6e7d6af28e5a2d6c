import { type Kysely, sql } from 'kysely';

/**
 * Runs a block of plain DDL one statement at a time: PGlite's extended-protocol queries take a
 * single statement. Statements are split on a semicolon followed by whitespace, so migration text
 * holds no semicolons inside literals or function bodies.
 */
export async function executeStatements(db: Kysely<unknown>, block: string): Promise<void> {
  const statements = block
    .split(/;(?=\s|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
