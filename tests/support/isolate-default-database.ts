import os from "node:os";
import path from "node:path";

// Modules that hold the app's singleton database must never open data/app.db in tests.
process.env.DATABASE_URL = path.join(os.tmpdir(), `hz-unused-${process.pid}.db`);
