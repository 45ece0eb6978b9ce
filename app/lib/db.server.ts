import { createDatabase } from "../../db/client";
import { singleton } from "./singleton.server";

export const database = singleton("database", () => createDatabase());
export const db = database.db;
