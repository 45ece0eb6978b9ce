// The floor for bench:submit: bare node:http + better-sqlite3 storing the same JSON, with
// the same pragmas as the app. Nothing can be faster on this stack; we report our share of it.
import http from "node:http";
import { openSqlite } from "../../db/client";

const [file, portText] = process.argv.slice(2);
const sqlite = openSqlite(file);
sqlite.exec("create table if not exists answers (id integer primary key, body text not null, created_at text not null)");
const insert = sqlite.prepare("insert into answers (body, created_at) values (?, ?)");

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    JSON.parse(body);
    insert.run(body, new Date().toISOString());
    const json = '{"ok":true}';
    res.writeHead(201, { "Content-Type": "application/json", "Content-Length": json.length });
    res.end(json);
  });
});
server.listen(Number(portText), "127.0.0.1", () => console.log("floor ready"));
