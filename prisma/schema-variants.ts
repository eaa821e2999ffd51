// prisma/schema.prisma (SQLite) is the single source; the PostgreSQL schema differs only in its
// datasource and the generated client's output folder.
export function postgresSchemaFrom(sqliteSchema: string): string {
  const header =
    "// GENERATED from prisma/schema.prisma by `npm run db:generate`. Do not edit.\n";
  const body = sqliteSchema
    .replace(/^\/\/ The one source[^\n]*\n(\/\/[^\n]*\n)*/m, "")
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = env("DATABASE_URL")')
    .replace(
      /engineType = "client"/,
      'engineType = "client"\n  output     = "../../node_modules/.prisma/client-postgresql"',
    );
  if (body === sqliteSchema) throw new Error("schema.prisma has an unexpected datasource block");
  return header + body;
}
