import { db } from "@/lib/db";

/**
 * The app's database, for browser tests that read or adjust rows: the global setup points
 * DATABASE_URL there for every worker. Test data is built with tests/support/factories.ts, through
 * lib/ (the same code the app runs), against this same database.
 */
export { db };
