import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";

// A small stand-in for Stripe's HTTP API: enough for the real `stripe` library to create
// customers, checkout and portal sessions, list and create prices, and read and update
// subscriptions. Tests set subscription state directly and inspect the recorded requests.

type Json = Record<string, unknown>;
export type RecordedRequest = { method: string; path: string; idempotencyKey: string | null; body: Json };

/** `items[0][price]=x&expand[]=y` -> nested objects / arrays. */
function parseForm(body: string): Json {
  const out: Json = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> = out;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const key = part === "" ? String(Object.keys(node).length) : part;
      if (last) node[key] = value;
      else node = (node[key] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

const id = (prefix: string) => `${prefix}_${randomBytes(8).toString("hex")}`;

export type FakeSubscription = {
  id: string;
  customer: string;
  status: string;
  lookupKey: string;
  periodEnd: number;
  cancelAtPeriodEnd?: boolean;
};

export class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  readonly customers = new Map<string, Json>();
  readonly prices = new Map<string, Json>();
  readonly products = new Map<string, Json>();
  readonly subscriptions = new Map<string, FakeSubscription>();
  /** Meter events by identifier (Stripe refuses a repeated identifier). */
  readonly meterEvents = new Map<string, Json>();
  private server = http.createServer((req, res) => this.handle(req, res));
  url = "";

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  addPrice(lookupKey: string, unitAmount: number, interval: "month" | "year"): Json {
    const price = { id: id("price"), object: "price", lookup_key: lookupKey, unit_amount: unitAmount, currency: "usd", active: true, recurring: { interval }, product: id("prod") };
    this.prices.set(price.id, price);
    return price;
  }

  setSubscription(sub: FakeSubscription): void {
    this.subscriptions.set(sub.id, sub);
  }

  subscriptionObject(sub: FakeSubscription): Json {
    const price = [...this.prices.values()].find((p) => p.lookup_key === sub.lookupKey) ?? { id: "price_unknown", lookup_key: sub.lookupKey };
    return {
      id: sub.id,
      object: "subscription",
      customer: sub.customer,
      status: sub.status,
      cancel_at_period_end: sub.cancelAtPeriodEnd ?? false,
      metadata: {},
      items: { object: "list", data: [{ id: `si_${sub.id}`, object: "subscription_item", price, current_period_end: sub.periodEnd, quantity: 1 }] },
    };
  }

  private send(res: http.ServerResponse, status: number, body: Json) {
    res.writeHead(status, { "content-type": "application/json", "request-id": id("req") });
    res.end(JSON.stringify(body));
  }

  private notFound(res: http.ServerResponse, what: string) {
    this.send(res, 404, { error: { type: "invalid_request_error", message: `No such ${what}`, code: "resource_missing" } });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const method = req.method ?? "GET";
      const body = method === "GET" ? parseForm(url.search.slice(1)) : parseForm(raw);
      const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
      this.requests.push({ method, path: url.pathname, idempotencyKey, body });
      const path = url.pathname;
      let match: RegExpExecArray | null;

      if (method === "POST" && path === "/v1/customers") {
        const customer = { id: id("cus"), object: "customer", name: body.name, metadata: body.metadata ?? {} };
        this.customers.set(customer.id, customer);
        return this.send(res, 200, customer);
      }
      if (method === "GET" && path === "/v1/prices") {
        const keys = Object.values((body.lookup_keys as Json) ?? {}) as string[];
        const data = [...this.prices.values()].filter((p) => keys.length === 0 || keys.includes(p.lookup_key as string));
        return this.send(res, 200, { object: "list", data, has_more: false, url: "/v1/prices" });
      }
      if (method === "POST" && path === "/v1/products") {
        const product = { ...body, id: (body.id as string) ?? id("prod"), object: "product", metadata: body.metadata ?? {}, active: true };
        this.products.set(product.id, product);
        return this.send(res, 200, product);
      }
      if ((match = /^\/v1\/products\/([^/]+)$/.exec(path))) {
        const product = this.products.get(match[1]!);
        if (!product) return this.notFound(res, "product");
        if (method === "POST") Object.assign(product, body);
        return this.send(res, 200, product);
      }
      if (method === "POST" && path === "/v1/prices") {
        const recurring = (body.recurring as Json) ?? {};
        const price = {
          id: id("price"),
          object: "price",
          lookup_key: body.lookup_key,
          unit_amount: Number(body.unit_amount),
          currency: body.currency,
          active: true,
          product: body.product,
          recurring: { interval: recurring.interval },
        };
        // Stripe moves a lookup key to the new price when transfer_lookup_key is set.
        if (body.transfer_lookup_key === "true") for (const p of this.prices.values()) if (p.lookup_key === price.lookup_key) p.lookup_key = null;
        this.prices.set(price.id, price);
        return this.send(res, 200, price);
      }
      if (method === "POST" && path === "/v1/checkout/sessions") {
        const session = { id: id("cs"), object: "checkout.session", url: `https://checkout.stripe.test/${id("pay")}`, customer: body.customer, mode: body.mode };
        return this.send(res, 200, session);
      }
      if (method === "POST" && path === "/v1/billing_portal/sessions") {
        return this.send(res, 200, { id: id("bps"), object: "billing_portal.session", url: `https://billing.stripe.test/${id("p")}`, customer: body.customer });
      }
      if (method === "POST" && path === "/v1/billing/meter_events") {
        const identifier = body.identifier as string;
        if (this.meterEvents.has(identifier)) {
          return this.send(res, 400, { error: { type: "invalid_request_error", code: "resource_already_exists", message: `An event with identifier ${identifier} already exists.` } });
        }
        const meterEvent = { object: "billing.meter_event", ...body };
        this.meterEvents.set(identifier, meterEvent);
        return this.send(res, 200, meterEvent);
      }
      if ((match = /^\/v1\/subscriptions\/([^/]+)$/.exec(path))) {
        const sub = this.subscriptions.get(match[1]!);
        if (!sub) return this.notFound(res, "subscription");
        if (method === "POST") {
          const items = body.items as Record<string, Json> | undefined;
          const newPrice = items?.["0"]?.price as string | undefined;
          if (newPrice) {
            const price = this.prices.get(newPrice);
            if (!price) return this.notFound(res, "price");
            sub.lookupKey = price.lookup_key as string;
          }
          if (body.cancel_at_period_end !== undefined) sub.cancelAtPeriodEnd = body.cancel_at_period_end === "true";
        }
        return this.send(res, 200, this.subscriptionObject(sub));
      }
      this.notFound(res, `route ${method} ${path}`);
    });
  }
}
