import pg from "pg";
import type { DatasetCopy } from "../types";

/**
 * Clones of the bench database for scenarios that change data they cannot cheaply put back
 * (`Scenario.copiesDataset`). Right after generation the dataset is copied once into a template
 * nobody connects to; each `copy()` clones that template, so every copy starts from the dataset as
 * generated, whatever earlier scenarios did to the bench database. Clones are file copies
 * (STRATEGY FILE_COPY): statistics and visibility maps come along, so a copy needs no VACUUM.
 */
export interface DatasetCopies {
  copy(): Promise<DatasetCopy>;
  /** Drops every copy still there. */
  dropAll(): Promise<void>;
}

async function asAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Copies `source` into the template `template`. PostgreSQL copies a database only while nobody else
 * is connected to it, so the caller closes its own connections to `source` first.
 */
export async function keepPristineCopy(
  adminUrl: string,
  source: string,
  template: string,
  urlFor: (database: string) => string,
): Promise<DatasetCopies> {
  await asAdmin(adminUrl, async (client) => {
    const id = client.escapeIdentifier.bind(client);
    await client.query(`CREATE DATABASE ${id(template)} TEMPLATE ${id(source)} STRATEGY FILE_COPY`);
    await client.query(`ALTER DATABASE ${id(template)} WITH ALLOW_CONNECTIONS false`);
  });
  const live = new Set<string>();
  let next = 1;

  const drop = (name: string) =>
    asAdmin(adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      live.delete(name);
    });

  return {
    async copy() {
      const name = `${source}_copy_${next++}`;
      await asAdmin(adminUrl, (client) =>
        client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(template)} STRATEGY FILE_COPY`),
      );
      live.add(name);
      return { name, url: urlFor(name), drop: () => drop(name) };
    },
    async dropAll() {
      for (const name of [...live]) await drop(name);
    },
  };
}
