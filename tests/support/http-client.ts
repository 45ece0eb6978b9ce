// Plain HTTP against a running server (tests/support/server.ts), with one cookie jar per
// user: fast enough to call every route as every role without a browser.
import http from "node:http";

export const DEMO_PASSWORD_FOR_TESTS = "hz-demo-2026";

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request; redirects are not followed, so a 302 to /login is seen as such. */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? "GET", headers: options.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

function csrfIn(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error("no CSRF token on the page");
  return token;
}

export class Client {
  private cookies = new Map<string, string>();
  csrf = "";

  constructor(readonly base: string) {}

  private remember(answer: HttpAnswer) {
    for (const line of answer.headers["set-cookie"] ?? []) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      const value = pair.slice(at + 1);
      if (value === "" || /Max-Age=0/i.test(line)) this.cookies.delete(pair.slice(0, at));
      else this.cookies.set(pair.slice(0, at), value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const answer = await send(this.base + path, { headers: { Cookie: this.cookieHeader(), ...headers } });
    this.remember(answer);
    return answer;
  }

  /** A same-origin form post carrying the session's CSRF token unless `_csrf` is given. */
  async post(path: string, fields: Record<string, string> | URLSearchParams, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const body = new URLSearchParams(fields);
    if (!body.has("_csrf")) body.set("_csrf", this.csrf);
    const answer = await send(this.base + path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: this.base, Cookie: this.cookieHeader(), ...headers },
      body: body.toString(),
    });
    this.remember(answer);
    return answer;
  }

  private account: { username: string; password: string } | null = null;

  /** Signs in again as the same user (after a test signed this client out). */
  async signInAgain(): Promise<this> {
    this.cookies.clear();
    return this.account ? this.signIn(this.account.username, this.account.password) : this;
  }

  async signIn(username: string, password = DEMO_PASSWORD_FOR_TESTS): Promise<this> {
    this.account = { username, password };
    const answer = await this.post("/login", { _csrf: csrfIn((await this.get("/login")).body), username, password });
    if (answer.status !== 302) throw new Error(`sign-in of ${username} answered ${answer.status}: ${answer.body}`);
    this.csrf = csrfIn((await this.get("/account")).body);
    return this;
  }
}
