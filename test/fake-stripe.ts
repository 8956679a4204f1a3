import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";

// A small stand-in for Stripe's HTTP API: enough for the real `stripe` library to create
// customers, checkout and portal sessions (listed, expired and completed like Stripe's), list and
// create prices, read, list, update and cancel subscriptions, read invoices and their payments,
// and make refunds. Tests set subscription state directly and inspect the recorded requests.
// Like Stripe, a repeated Idempotency-Key replays the first answer.

type Json = Record<string, unknown>;
export type RecordedRequest = { method: string; path: string; idempotencyKey: string | null; body: Json };

/** Whether the request asked to expand `field` (Stripe's library sends `expand[0]=field`). */
/** Whether the request expands `field`, itself or through a field below it (Stripe expands the path's every level). */
function expands(body: Json, field: string): boolean {
  const expand = (body as { expand?: unknown }).expand;
  return typeof expand === "object" && expand !== null && Object.values(expand).some((e) => e === field || (typeof e === "string" && e.startsWith(`${field}.`)));
}

/** A discount as Stripe sends it when only the discount was expanded: its coupon by id. */
function couponAsId(discount: Json): Json {
  const source = (discount as { source?: { coupon?: unknown } }).source;
  const coupon = source?.coupon;
  if (!coupon || typeof coupon !== "object") return discount;
  return { ...(discount as object), source: { ...source, coupon: (coupon as { id?: string }).id ?? "co_unknown" } } as Json;
}

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
  /** The price it is on; without one, the price holding `lookupKey` now. */
  priceId?: string;
  periodEnd: number;
  periodStart?: number;
  cancelAtPeriodEnd?: boolean;
  /** When it was cancelled (seconds). */
  canceledAt?: number | null;
  /** Stripe's `created` (seconds). */
  created?: number;
  trialEnd?: number | null;
  latestInvoice?: string | null;
  /** Seats (the item's quantity) and discounts as Stripe sends them when expanded (revenue tests). */
  quantity?: number;
  discounts?: Json[];
};

export type FakeInvoice = { id: string; customer: string; status: string; amountPaid: number; currency: string; paymentIntent: string | null };
export type FakeCheckoutSession = { id: string; customer: string; price: string; status: "open" | "complete" | "expired"; url: string; metadata: Json };

export class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  readonly customers = new Map<string, Json>();
  readonly taxIds = new Map<string, Json[]>(); // each customer's tax IDs, in the order they were added
  readonly prices = new Map<string, Json>();
  readonly products = new Map<string, Json>();
  readonly subscriptions = new Map<string, FakeSubscription>();
  readonly meterEvents = new Map<string, Json>(); // by identifier (Stripe refuses a repeated one)
  readonly checkoutSessions = new Map<string, FakeCheckoutSession>();
  readonly invoices = new Map<string, FakeInvoice>();
  readonly portalConfigurations = new Map<string, Json>();
  readonly portalSessions: Json[] = []; // every Customer Portal session, with the configuration it named
  readonly refunds: Json[] = [];
  /** Answers to idempotent POSTs by key, replayed like Stripe does. */
  private idempotent = new Map<string, { status: number; body: Json; fingerprint: string }>();
  /** Delays (ms) for the next reads of a subscription, to play a slow Stripe. */
  private readDelays = new Map<string, number[]>();
  /** The next request to a matching path answers late; `started` is told when it arrived. */
  private stalls: { method: string; path: RegExp; ms: number; started: () => void }[] = [];
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

  addPrice(lookupKey: string, unitAmount: number, interval: "month" | "year", currency = "usd"): Json {
    // As `npm run stripe:sync` makes them: the plan in the metadata too.
    const metadata = { planId: /^atrium_([a-z]+)_/.exec(lookupKey)?.[1] ?? "" };
    const price = { id: id("price"), object: "price", lookup_key: lookupKey, unit_amount: unitAmount, currency, active: true, recurring: { interval }, product: id("prod"), metadata };
    this.prices.set(price.id, price);
    return price;
  }

  setSubscription(sub: FakeSubscription): void {
    this.subscriptions.set(sub.id, { created: Math.floor(Date.now() / 1000), ...sub });
  }

  /** Requests matching these answer 500 until healed. */
  private failing: { method: string; path: RegExp; status: number }[] = [];

  /** Matching requests answer `status` (500: an outage; 400: Stripe refusing them) until healed. */
  failRequests(method: string, path: RegExp, status = 500): void {
    this.failing.push({ method, path, status });
  }

  heal(): void {
    this.failing = [];
  }

  /** How many requests of this method reached this exact path. */
  count(method: string, path: string): number {
    return this.requests.filter((r) => r.method === method && r.path === path).length;
  }

  /** The next request of this method to a matching path is answered `ms` later; resolves when it has arrived. */
  stallNext(method: string, path: RegExp, ms: number): Promise<void> {
    return new Promise((started) => this.stalls.push({ method, path, ms, started }));
  }

  /** The next reads of this subscription answer after these delays (ms), in order. */
  delayReads(subscriptionId: string, ...delays: number[]): void {
    this.readDelays.set(subscriptionId, [...(this.readDelays.get(subscriptionId) ?? []), ...delays]);
  }

  /** What Stripe does when a customer pays a Checkout Session: a paid invoice and an active subscription. */
  completeCheckout(sessionId: string, options: { created?: number } = {}): FakeSubscription {
    const session = this.checkoutSessions.get(sessionId);
    if (!session || session.status !== "open") throw new Error(`checkout session ${sessionId} is ${session?.status ?? "missing"}`);
    session.status = "complete";
    const price = this.prices.get(session.price)!;
    const now = Math.floor(Date.now() / 1000);
    const invoice: FakeInvoice = { id: id("in"), customer: session.customer, status: "paid", amountPaid: price.unit_amount as number, currency: price.currency as string, paymentIntent: id("pi") };
    this.invoices.set(invoice.id, invoice);
    const sub: FakeSubscription = {
      id: id("sub"),
      customer: session.customer,
      status: "active",
      lookupKey: price.lookup_key as string,
      priceId: price.id as string,
      periodStart: now,
      periodEnd: now + 30 * 86_400,
      created: options.created ?? now,
      latestInvoice: invoice.id,
    };
    this.subscriptions.set(sub.id, sub);
    return sub;
  }

  sessionsOf(customer: string): FakeCheckoutSession[] {
    return [...this.checkoutSessions.values()].filter((s) => s.customer === customer);
  }

  /**
   * As Stripe answers: `discounts` are ids unless the request expanded them (`discounts`, or
   * `data.discounts` on a list), and an expanded discount's coupon is an id unless that was
   * expanded too (`discounts.source.coupon`).
   */
  subscriptionObject(sub: FakeSubscription, expandDiscounts = false, expandCoupons = false): Json {
    const price = (sub.priceId ? this.prices.get(sub.priceId) : undefined) ?? [...this.prices.values()].find((p) => p.lookup_key === sub.lookupKey) ?? { id: "price_unknown", lookup_key: sub.lookupKey };
    return {
      id: sub.id,
      object: "subscription",
      customer: sub.customer,
      status: sub.status,
      created: sub.created ?? 0,
      canceled_at: sub.canceledAt ?? null,
      trial_end: sub.trialEnd ?? null,
      latest_invoice: sub.latestInvoice ?? null,
      cancel_at_period_end: sub.cancelAtPeriodEnd ?? false,
      discounts: expandDiscounts
        ? (sub.discounts ?? []).map((d) => (expandCoupons ? d : couponAsId(d)))
        : (sub.discounts ?? []).map((d, i) => (d as { id?: string }).id ?? `di_${sub.id}_${i}`),
      metadata: {},
      items: {
        object: "list",
        data: [{ id: `si_${sub.id}`, object: "subscription_item", price, current_period_start: sub.periodStart ?? sub.periodEnd - 30 * 86_400, current_period_end: sub.periodEnd, quantity: sub.quantity ?? 1 }],
      },
    };
  }

  private send(res: http.ServerResponse, status: number, body: Json, headers: Record<string, string> = {}) {
    res.writeHead(status, { "content-type": "application/json", "request-id": id("req"), ...headers });
    res.end(JSON.stringify(body));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const method = req.method ?? "GET";
      const body = method === "GET" || method === "DELETE" ? { ...parseForm(url.search.slice(1)), ...parseForm(raw) } : parseForm(raw);
      const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
      this.requests.push({ method, path: url.pathname, idempotencyKey, body });
      const key = idempotencyKey && method !== "GET" ? `${method} ${url.pathname} ${idempotencyKey}` : null;
      const fingerprint = JSON.stringify(body);
      const replay = key ? this.idempotent.get(key) : undefined;
      if (replay && replay.fingerprint !== fingerprint) {
        // Like Stripe: one key, one request; other parameters with the same key are refused.
        return this.send(res, 400, { error: { type: "idempotency_error", message: "Keys for idempotent requests can only be used with the same parameters they were first used with." } });
      }
      if (replay) return this.send(res, replay.status, replay.body, { "idempotent-replayed": "true" });
      const respond = (status: number, answer: Json) => {
        if (key && status < 500) this.idempotent.set(key, { status, body: answer, fingerprint });
        this.send(res, status, answer);
      };
      const failure = this.failing.find((f) => f.method === method && f.path.test(url.pathname));
      if (failure) {
        return failure.status >= 500
          ? this.send(res, failure.status, { error: { type: "api_error", message: "Stripe is having a bad day (fake outage)." } })
          : this.send(res, failure.status, { error: { type: "invalid_request_error", message: "Stripe refuses this request (fake)." } });
      }
      // A slow read: the answer is what Stripe had when the request arrived, sent later.
      let delay = method === "GET" ? this.readDelays.get(/^\/v1\/subscriptions\/([^/]+)$/.exec(url.pathname)?.[1] ?? "")?.shift() : undefined;
      const stall = this.stalls.find((s) => s.method === method && s.path.test(url.pathname));
      if (stall) {
        this.stalls.splice(this.stalls.indexOf(stall), 1);
        delay = stall.ms;
        stall.started();
      }
      this.route(method, url, body, delay ? (status, answer) => setTimeout(() => respond(status, answer), delay) : respond);
    });
  }

  private addTaxId(customerId: string, data: Json): Json {
    const taxId = { id: id("txi"), object: "tax_id", customer: customerId, type: data.type, value: data.value };
    this.taxIds.set(customerId, [...(this.taxIds.get(customerId) ?? []), taxId]);
    return taxId;
  }

  private route(method: string, url: URL, body: Json, send: (status: number, body: Json) => void) {
    const path = url.pathname;
    let match: RegExpExecArray | null;
    const notFound = (what: string) => send(404, { error: { type: "invalid_request_error", message: `No such ${what}`, code: "resource_missing" } });
    const list = (data: unknown[], at: string) => send(200, { object: "list", data, has_more: false, url: at });

    if (method === "POST" && path === "/v1/customers") {
      const customer: Json = { id: id("cus"), object: "customer", name: body.name, email: body.email ?? null, metadata: body.metadata ?? {} };
      this.customers.set(customer.id as string, customer);
      // tax_id_data arrives form-encoded as { "0": { type, value } }.
      for (const data of Object.values((body.tax_id_data as Json) ?? {}) as Json[]) this.addTaxId(customer.id as string, data);
      return send(200, customer);
    }
    if ((match = /^\/v1\/customers\/([^/]+)\/tax_ids(?:\/([^/]+))?$/.exec(path))) {
      const customerId = match[1]!;
      if (!this.customers.has(customerId)) return notFound("customer");
      const ids = this.taxIds.get(customerId) ?? [];
      if (method === "GET" && !match[2]) return list(ids, path);
      if (method === "POST" && !match[2]) {
        // Stripe checks each kind's format; the fake refuses what no kind accepts: lower case.
        if (typeof body.value !== "string" || body.value !== body.value.toUpperCase()) {
          return send(400, { error: { type: "invalid_request_error", message: `Invalid value for ${String(body.type)}.`, param: "value" } });
        }
        return send(200, this.addTaxId(customerId, body));
      }
      if (method === "DELETE" && match[2]) {
        const at = ids.findIndex((t) => t.id === match![2]);
        if (at === -1) return notFound("tax_id");
        ids.splice(at, 1);
        return send(200, { id: match[2], object: "tax_id", deleted: true });
      }
    }
    if ((match = /^\/v1\/customers\/([^/]+)$/.exec(path)) && method === "DELETE") {
      // As in the Dashboard: the customer goes, and its subscriptions end at once.
      const customer = this.customers.get(match[1]!);
      if (!customer || customer.deleted) return notFound("customer");
      customer.deleted = true;
      for (const sub of this.subscriptions.values()) if (sub.customer === customer.id) sub.status = "canceled";
      return send(200, { id: customer.id, object: "customer", deleted: true });
    }
    if ((match = /^\/v1\/customers\/([^/]+)$/.exec(path)) && method === "POST") {
      const customer = this.customers.get(match[1]!);
      if (!customer || customer.deleted) return notFound("customer");
      // An empty string unsets a field, as Stripe does.
      for (const [key, value] of Object.entries(body)) customer[key] = value === "" ? null : value;
      return send(200, customer);
    }
    if (method === "GET" && path === "/v1/prices") {
      const keys = Object.values((body.lookup_keys as Json) ?? {}) as string[];
      return list([...this.prices.values()].filter((p) => keys.length === 0 || keys.includes(p.lookup_key as string)), path);
    }
    if (method === "POST" && path === "/v1/products") {
      const product = { ...body, id: (body.id as string) ?? id("prod"), object: "product", metadata: body.metadata ?? {}, active: true };
      this.products.set(product.id, product);
      return send(200, product);
    }
    if ((match = /^\/v1\/products\/([^/]+)$/.exec(path))) {
      const product = this.products.get(match[1]!);
      if (!product) return notFound("product");
      if (method === "POST") Object.assign(product, body);
      return send(200, product);
    }
    if (method === "POST" && path === "/v1/prices") {
      const recurring = (body.recurring as Json) ?? {};
      const price = { id: id("price"), object: "price", lookup_key: body.lookup_key, unit_amount: Number(body.unit_amount), currency: body.currency, active: true, product: body.product, recurring: { interval: recurring.interval }, metadata: body.metadata ?? {} };
      // Stripe moves a lookup key to the new price when transfer_lookup_key is set.
      if (body.transfer_lookup_key === "true") for (const p of this.prices.values()) if (p.lookup_key === price.lookup_key) p.lookup_key = null;
      this.prices.set(price.id, price);
      return send(200, price);
    }
    // A deleted customer cannot pay or open the portal.
    if (method === "POST" && (path === "/v1/billing_portal/sessions" || path === "/v1/checkout/sessions") && (this.customers.get(body.customer as string)?.deleted ?? false)) {
      return send(400, { error: { type: "invalid_request_error", code: "resource_missing", param: "customer", message: `No such customer: '${String(body.customer)}'` } });
    }
    if (path === "/v1/checkout/sessions") {
      if (method === "GET") {
        const sessions = [...this.checkoutSessions.values()].filter((s) => (!body.customer || s.customer === body.customer) && (!body.status || s.status === body.status));
        return list(sessions.map((s) => this.sessionObject(s)), path);
      }
      const lineItems = (body.line_items as Record<string, Json>) ?? {};
      const session: FakeCheckoutSession = {
        id: id("cs"),
        customer: body.customer as string,
        price: lineItems["0"]?.price as string,
        status: "open",
        url: `https://checkout.stripe.test/${id("pay")}`,
        metadata: (body.metadata as Json) ?? {},
      };
      this.checkoutSessions.set(session.id, session);
      return send(200, this.sessionObject(session));
    }
    if ((match = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(path)) && method === "POST") {
      const session = this.checkoutSessions.get(match[1]!);
      if (!session) return notFound("checkout session");
      if (session.status !== "open") {
        return send(400, { error: { type: "invalid_request_error", message: `This Checkout Session is ${session.status} and can no longer be expired.` } });
      }
      session.status = "expired";
      return send(200, this.sessionObject(session));
    }
    if (method === "POST" && path === "/v1/billing_portal/sessions") {
      if (body.configuration && !this.portalConfigurations.get(body.configuration as string)?.active) {
        return send(400, { error: { type: "invalid_request_error", param: "configuration", message: "This configuration is inactive or does not exist." } });
      }
      const session = { id: id("bps"), object: "billing_portal.session", url: `https://billing.stripe.test/${id("p")}`, customer: body.customer, configuration: body.configuration ?? null };
      this.portalSessions.push(session);
      return send(200, session);
    }
    if (path === "/v1/billing_portal/configurations") {
      if (method === "GET") return list([...this.portalConfigurations.values()].filter((c) => c.active), path);
      const configuration = { id: id("bpc"), object: "billing_portal.configuration", active: true, is_default: false, features: body.features ?? {}, metadata: body.metadata ?? {} };
      this.portalConfigurations.set(configuration.id as string, configuration);
      return send(200, configuration);
    }
    if (method === "POST" && path === "/v1/billing/meter_events") {
      const identifier = body.identifier as string;
      if (this.meterEvents.has(identifier)) {
        return send(400, { error: { type: "invalid_request_error", code: "resource_already_exists", message: `An event with identifier ${identifier} already exists.` } });
      }
      const meterEvent = { object: "billing.meter_event", ...body };
      this.meterEvents.set(identifier, meterEvent);
      return send(200, meterEvent);
    }
    if (method === "GET" && path === "/v1/subscriptions") {
      const subs = [...this.subscriptions.values()].filter(
        (s) => (!body.customer || s.customer === body.customer) && (body.status === "all" ? true : body.status ? s.status === body.status : s.status !== "canceled"),
      );
      const expanded = expands(body, "data.discounts");
      const coupons = expands(body, "data.discounts.source.coupon");
      return list(subs.map((s) => this.subscriptionObject(s, expanded, coupons)), path);
    }
    if ((match = /^\/v1\/subscriptions\/([^/]+)$/.exec(path))) {
      const sub = this.subscriptions.get(match[1]!);
      if (!sub) return notFound("subscription");
      if (method === "DELETE") {
        if (sub.status === "canceled") return send(400, { error: { type: "invalid_request_error", message: "This subscription has already been canceled." } });
        sub.status = "canceled";
        sub.canceledAt = Math.floor(Date.now() / 1000);
      }
      if (method === "POST") {
        if (sub.status === "canceled") {
          return send(400, { error: { type: "invalid_request_error", message: "A canceled subscription can only update its cancellation_details and metadata." } });
        }
        const items = body.items as Record<string, Json> | undefined;
        const newPrice = items?.["0"]?.price as string | undefined;
        if (newPrice) {
          const price = this.prices.get(newPrice);
          if (!price) return notFound("price");
          sub.lookupKey = price.lookup_key as string;
          sub.priceId = price.id as string;
        }
        if (body.cancel_at_period_end !== undefined) sub.cancelAtPeriodEnd = body.cancel_at_period_end === "true";
      }
      return send(200, this.subscriptionObject(sub, expands(body, "discounts"), expands(body, "discounts.source.coupon")));
    }
    if ((match = /^\/v1\/invoices\/([^/]+)$/.exec(path)) && method === "GET") {
      const invoice = this.invoices.get(match[1]!);
      if (!invoice) return notFound("invoice");
      return send(200, { id: invoice.id, object: "invoice", customer: invoice.customer, status: invoice.status, amount_paid: invoice.amountPaid, currency: invoice.currency });
    }
    if (method === "GET" && path === "/v1/invoice_payments") {
      const invoice = this.invoices.get(body.invoice as string);
      const payments = invoice?.paymentIntent
        ? [{ id: id("inpay"), object: "invoice_payment", invoice: invoice.id, status: "paid", amount_paid: invoice.amountPaid, payment: { type: "payment_intent", payment_intent: invoice.paymentIntent } }]
        : [];
      return list(payments, path);
    }
    if (path === "/v1/refunds") {
      if (method === "GET") return list(this.refunds.filter((r) => r.payment_intent === body.payment_intent), path);
      const invoice = [...this.invoices.values()].find((i) => i.paymentIntent === body.payment_intent);
      if (!invoice) return notFound("payment_intent");
      const refunded = this.refunds.filter((r) => r.payment_intent === body.payment_intent).reduce((sum, r) => sum + (r.amount as number), 0);
      const amount = Number(body.amount ?? invoice.amountPaid - refunded);
      if (amount + refunded > invoice.amountPaid) {
        return send(400, { error: { type: "invalid_request_error", code: "charge_already_refunded", message: "Refund amount is greater than the unrefunded amount." } });
      }
      const refund = { id: id("re"), object: "refund", payment_intent: body.payment_intent, amount, currency: invoice.currency, reason: body.reason, status: "succeeded", metadata: body.metadata ?? {} };
      this.refunds.push(refund);
      return send(200, refund);
    }
    notFound(`route ${method} ${path}`);
  }

  private sessionObject(session: FakeCheckoutSession): Json {
    return { id: session.id, object: "checkout.session", url: session.status === "open" ? session.url : null, customer: session.customer, mode: "subscription", status: session.status, metadata: session.metadata };
  }
}
