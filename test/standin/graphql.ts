// Admin GraphQL at /admin/api/2026-10/graphql.json: validated against the real schema, executed
// against the stand-in's state, with Shopify's query cost, leaky-bucket throttling and userErrors.
import { defaultFieldResolver, type DocumentNode, execute, type FieldNode, getNamedType, type GraphQLError, type GraphQLFieldResolver, isObjectType, Kind, type OperationDefinitionNode, parse, validate } from "graphql";
import { loadAdminSchema } from "./admin-schema";
import { buildDiscount, type UserError } from "./discount-input";
import { MAX_QUERY_COST, requestedCost } from "./graphql-cost";
import { toShopifyParseError, toShopifyValidationErrors } from "./graphql-errors";
import { connection, customerNode, discountNode, metafieldDigest, metafieldFields, metafieldNode, money, orderNode, variantNode } from "./graphql-nodes";
import { gid, idFromGid, nextId } from "./ids";
import { decimal, parseDecimalMinor } from "./money";
import { customerMatches, matchesQuery, productMatches } from "./search-query";
import { createSegment, type SegmentRecord, segmentMatches } from "./segments";
import type { CustomerRecord, DiscountRecord, Metafield, OrderRecord, ShopRecord, StandinState } from "./state";

/** actedThenDropped: the request is carried out, then the connection is dropped before the answer. */
export type FailureKind = "http500" | "throttled" | "userError" | "networkError" | "actedThenDropped";
export type FailureRule = { operation?: string; times: number; kind: FailureKind };

type Json = Record<string, unknown>;


export type GraphqlContext = {
  state: StandinState;
  shop: ShopRecord;
  apiKey: string;
  /** Webhooks Shopify fires as a side effect of a mutation (e.g. customers/update). */
  emit?: (topic: "customers/update", customer: CustomerRecord) => void;
};

const notFound = (field: string[], message = "Resource not found", code: string | null = "NOT_FOUND"): UserError[] => [{ field, message, code }];

function sortOrders(list: OrderRecord[], sortKey: unknown): OrderRecord[] {
  const key = typeof sortKey === "string" ? sortKey : "ID";
  const value = (o: OrderRecord): number | bigint =>
    key === "UPDATED_AT" ? o.updatedAt.getTime() : key === "CREATED_AT" ? o.createdAt.getTime() : key === "PROCESSED_AT" ? o.processedAt.getTime() : key === "ORDER_NUMBER" ? o.number : o.id;
  return list.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

function rootResolvers(ctx: GraphqlContext): Json {
  const { state, shop } = ctx;
  const now = state.now();
  // `$app` namespaces belong to the calling app, as Shopify resolves them.
  const appNamespace = (ns: string) => (ns.startsWith("$app") ? ns.replace("$app", `app--${ctx.apiKey}`) : ns);
  const customerById = (id: unknown) => {
    const n = typeof id === "string" ? idFromGid(id, "Customer") : null;
    return n !== null ? shop.customers.get(n) : undefined;
  };
  const orderById = (id: unknown) => {
    const n = typeof id === "string" ? idFromGid(id, "Order") : null;
    return n !== null ? shop.orders.get(n) : undefined;
  };
  const discountById = (id: unknown) => {
    const n = typeof id === "string" ? idFromGid(id, "DiscountCodeNode") : null;
    return n !== null ? shop.discounts.get(n) : undefined;
  };
  // Store credit is addressed by the account id or by its owner (a Customer gid).
  const creditOwner = (id: unknown) => customerById(id) ?? [...shop.customers.values()].find((x) => gid("StoreCreditAccount", x.storeCreditAccountId) === id);
  const metafieldOwner = (ownerId: string): Map<string, Metafield> | undefined =>
    ownerId === gid("Shop", shop.id)
      ? shop.metafields
      : ownerId === gid("AppInstallation", shop.id)
        ? shop.appMetafields
        : customerById(ownerId)?.metafields;
  const customer = (c: CustomerRecord) => customerNode(state, shop, c, appNamespace);
  const segment = (s: SegmentRecord) => ({
    __typename: "Segment",
    id: gid("Segment", s.id),
    name: s.name,
    query: s.query,
    creationDate: s.createdAt.toISOString(),
    lastEditDate: s.updatedAt.toISOString(),
  });
  const product = (p: ShopRecord["products"][number]) => ({
    __typename: "Product",
    id: gid("Product", p.id),
    legacyResourceId: p.id.toString(),
    title: p.title,
    handle: p.handle,
    tags: p.tags,
    isGiftCard: p.giftCard,
    variants: (a: Json) =>
      connection(p.variants, a, (v) => ({ __typename: "ProductVariant", id: gid("ProductVariant", v.id), title: v.title, price: decimal(v.priceMinor, shop.currency) })),
    collections: (a: Json) =>
      connection(shop.collections.filter((c) => p.collectionIds.includes(c.id)), a, (c) => ({ __typename: "Collection", id: gid("Collection", c.id), title: c.title, handle: c.handle })),
  });
  const nodeById = (id: unknown) => {
    if (typeof id !== "string") return null;
    const productId = idFromGid(id, "Product");
    const p = productId !== null ? shop.products.find((x) => x.id === productId) : undefined;
    if (p) return product(p);
    const c = customerById(id);
    if (c) return customer(c);
    const o = orderById(id);
    if (o) return orderNode(state, shop, o, appNamespace);
    const d = discountById(id);
    return d ? discountNode(d, shop, now) : null;
  };
  const createDiscount = (kind: DiscountRecord["kind"], root: string) => (args: Json) => {
    const { record, userErrors } = buildDiscount(shop, kind, (args[root] as Json) ?? {}, root, now);
    if (record) shop.discounts.set(record.id, record);
    return { codeDiscountNode: record ? discountNode(record, shop, now) : null, userErrors };
  };
  const tagsChange = (add: boolean) => ({ id, tags }: { id: string; tags: string[] }) => {
    const c = customerById(id);
    if (!c) return { node: null, userErrors: notFound(["id"]) };
    const before = c.tags.join(",");
    const set = new Set(c.tags);
    for (const t of tags.flatMap((t) => t.split(",")).map((t) => t.trim()).filter(Boolean)) {
      if (add) set.add(t);
      else set.delete(t);
    }
    c.tags = [...set];
    if (c.tags.join(",") !== before) {
      c.updatedAt = now;
      ctx.emit?.("customers/update", c);
    }
    return { node: { __typename: "Customer", id }, userErrors: [] };
  };
  const creditChange = (sign: 1n | -1n) => ({ id, input }: { id: unknown; input: { amount: string; currencyCode: string }; expiresAt?: string }) => {
    const c = creditOwner(id);
    const payload = (errors: UserError[]) => ({ storeCreditAccountTransaction: null, userErrors: errors });
    const inputField = sign > 0n ? ["creditInput", "creditAmount", "amount"] : ["debitInput", "debitAmount", "amount"];
    if (!c) return payload(notFound(["id"], "Store credit account does not exist", "ACCOUNT_NOT_FOUND"));
    const minor = parseDecimalMinor(input.amount, input.currencyCode);
    if (minor === null || minor <= 0n) {
      return payload([{ field: inputField, message: `A positive amount must be used to ${sign > 0n ? "credit" : "debit"} a store credit account`, code: "NEGATIVE_OR_ZERO_AMOUNT" }]);
    }
    const currency = input.currencyCode;
    // One account per currency: an account id names the customer's account in the shop currency.
    if (c.storeCredit.size > 0 && !c.storeCredit.has(currency) && id !== gid("Customer", c.id)) {
      return payload([{ field: inputField.slice(0, 2), message: "The currency provided does not match the currency of the store credit account", code: "MISMATCHING_CURRENCY" }]);
    }
    const balance = c.storeCredit.get(currency) ?? 0n;
    if (sign < 0n && balance < minor) return payload([{ field: inputField, message: "The store credit account does not have sufficient funds", code: "INSUFFICIENT_FUNDS" }]);
    const after = balance + sign * minor;
    c.storeCredit.set(currency, after);
    return { after, minor, currency, c };
  };
  const creditTransaction = (result: { after: bigint; minor: bigint; currency: string; c: CustomerRecord }, sign: 1n | -1n, expiresAt: Date | null) => {
    const transactionId = nextId("Transaction");
    result.c.creditTransactions.push({ id: transactionId, amountMinor: sign * result.minor, balanceAfterMinor: result.after, currency: result.currency, expiresAt, createdAt: now });
    const account = { __typename: "StoreCreditAccount", id: gid("StoreCreditAccount", result.c.storeCreditAccountId), balance: money(result.after, result.currency) };
    return {
      storeCreditAccountTransaction: {
        __typename: sign > 0n ? "StoreCreditAccountCreditTransaction" : "StoreCreditAccountDebitTransaction",
        id: gid(sign > 0n ? "StoreCreditAccountCreditTransaction" : "StoreCreditAccountDebitTransaction", transactionId),
        amount: money(sign * result.minor, result.currency),
        balanceAfterTransaction: money(result.after, result.currency),
        createdAt: now.toISOString(),
        expiresAt: expiresAt?.toISOString() ?? null,
        event: "ADJUSTMENT",
        account,
      },
      userErrors: [],
    };
  };
  return {
    currentAppInstallation: () => ({
      id: gid("AppInstallation", shop.id),
      ...metafieldFields(shop.appMetafields, gid("AppInstallation", shop.id), appNamespace),
    }),
    shop: () => ({
      id: gid("Shop", shop.id),
      name: shop.name,
      email: shop.email,
      contactEmail: shop.email,
      currencyCode: shop.currency,
      enabledPresentmentCurrencies: [shop.currency],
      myshopifyDomain: shop.domain,
      ianaTimezone: shop.timezone,
      plan: { displayName: shop.plan, partnerDevelopment: true, shopifyPlus: shop.plan === "plus" },
      ...metafieldFields(shop.metafields, gid("Shop", shop.id), appNamespace),
    }),
    customer: ({ id }: Json) => {
      const c = customerById(id);
      return c ? customer(c) : null;
    },
    customers: (args: Json) => {
      const list = [...shop.customers.values()].filter((c) => customerMatches(c, args.query as string | undefined));
      if (args.reverse) list.reverse();
      return connection(list, args, customer);
    },
    order: ({ id }: Json) => {
      const o = orderById(id);
      return o ? orderNode(state, shop, o, appNamespace) : null;
    },
    orders: (args: Json) => {
      const list = sortOrders(
        [...shop.orders.values()].filter((o) => matchesQuery(o, args.query as string | undefined)),
        args.sortKey,
      );
      if (args.reverse) list.reverse();
      return connection(list, args, (o) => orderNode(state, shop, o, appNamespace));
    },
    products: (args: Json) => connection(shop.products.filter((p) => productMatches(p, args.query as string | undefined)), args, product),
    collections: (args: Json) => connection(shop.collections, args, (c) => ({ __typename: "Collection", id: gid("Collection", c.id), title: c.title, handle: c.handle })),
    node: ({ id }: Json) => nodeById(id),
    nodes: ({ ids }: Json) => (ids as string[]).map(nodeById),
    codeDiscountNodeByCode: ({ code }: Json) => {
      const d = [...shop.discounts.values()].find((x) => x.code.toUpperCase() === String(code).toUpperCase());
      return d ? discountNode(d, shop, now) : null;
    },
    codeDiscountNode: ({ id }: Json) => {
      const d = discountById(id);
      return d ? discountNode(d, shop, now) : null;
    },
    productVariant: ({ id }: Json) => {
      const n = typeof id === "string" ? idFromGid(id, "ProductVariant") : null;
      const p = n !== null ? shop.products.find((x) => x.variants.some((v) => v.id === n)) : undefined;
      return p ? variantNode(shop, p, p.variants.find((v) => v.id === n)!) : null;
    },
    // Subscriptions declared in shopify.app.toml are app-level and Shopify does not list them
    // here; the stand-in has no API-created subscriptions, so the list is empty.
    webhookSubscriptions: (args: Json) => connection([], args, (x) => x),
    segments: (args: Json) => connection([...shop.segments.values()].filter((s) => segmentMatches(s, args.query as string | undefined)), args, segment),
    segment: ({ id }: Json) => {
      const n = typeof id === "string" ? idFromGid(id, "Segment") : null;
      const s = n !== null ? shop.segments.get(n) : undefined;
      return s ? segment(s) : null;
    },
    segmentCreate: ({ name, query }: Json) => {
      const result = createSegment(shop, name, query, now);
      return { segment: result.segment ? segment(result.segment) : null, userErrors: result.userErrors };
    },
    discountCodeBasicCreate: createDiscount("basic", "basicCodeDiscount"),
    discountCodeFreeShippingCreate: createDiscount("free_shipping", "freeShippingCodeDiscount"),
    discountCodeDelete: ({ id }: Json) => {
      const d = discountById(id);
      if (!d) return { deletedCodeDiscountId: null, userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID" }] };
      shop.discounts.delete(d.id);
      return { deletedCodeDiscountId: id, userErrors: [] };
    },
    discountCodeDeactivate: ({ id }: Json) => {
      const d = discountById(id);
      if (!d) return { codeDiscountNode: null, userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID" }] };
      if (!d.endsAt || d.endsAt > now) d.endsAt = now;
      d.updatedAt = now;
      return { codeDiscountNode: discountNode(d, shop, now), userErrors: [] };
    },
    storeCreditAccountCredit: ({ id, creditInput }: Json) => {
      const input = creditInput as { creditAmount: { amount: string; currencyCode: string }; expiresAt?: string | null };
      const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
      if (expiresAt && expiresAt <= now) {
        return { storeCreditAccountTransaction: null, userErrors: [{ field: ["creditInput", "expiresAt"], message: "The expiry date must be in the future", code: "EXPIRES_AT_IN_PAST" }] };
      }
      const result = creditChange(1n)({ id, input: input.creditAmount });
      return "userErrors" in result ? result : creditTransaction(result, 1n, expiresAt);
    },
    storeCreditAccountDebit: ({ id, debitInput }: Json) => {
      const input = debitInput as { debitAmount: { amount: string; currencyCode: string } };
      const result = creditChange(-1n)({ id, input: input.debitAmount });
      return "userErrors" in result ? result : creditTransaction(result, -1n, null);
    },
    customerUpdate: ({ input }: Json) => {
      const patch = input as { id?: string; email?: string | null; firstName?: string | null; lastName?: string | null; note?: string | null; tags?: string[] };
      const c = patch.id ? customerById(patch.id) : undefined;
      if (!c) return { customer: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] };
      if (patch.email !== undefined && patch.email !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(patch.email)) {
        return { customer: null, userErrors: [{ field: ["email"], message: "Email is invalid" }] };
      }
      if (patch.email !== undefined && patch.email !== null && [...shop.customers.values()].some((x) => x !== c && x.email?.toLowerCase() === patch.email!.toLowerCase())) {
        return { customer: null, userErrors: [{ field: ["email"], message: "Email has already been taken" }] };
      }
      if (patch.email !== undefined) c.email = patch.email;
      if (patch.firstName !== undefined) c.firstName = patch.firstName;
      if (patch.lastName !== undefined) c.lastName = patch.lastName;
      if (patch.note !== undefined) c.note = patch.note;
      if (patch.tags !== undefined) c.tags = [...new Set(patch.tags.map((t) => t.trim()).filter(Boolean))];
      c.updatedAt = now;
      ctx.emit?.("customers/update", c);
      return { customer: customer(c), userErrors: [] };
    },
    metafieldsSet: ({ metafields }: Json) => {
      const list = metafields as Array<{ ownerId: string; namespace?: string | null; key: string; type?: string | null; value: string; compareDigest?: string | null }>;
      if (list.length > 25) {
        return { metafields: null, userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }] };
      }
      const errors: Array<UserError & { elementIndex: number | null }> = [];
      list.forEach((m, i) => {
        const err = (field: string, message: string, code: string) => errors.push({ field: ["metafields", String(i), field], message, code, elementIndex: i });
        const owner = metafieldOwner(m.ownerId);
        if (!owner) return err("ownerId", "Owner does not exist.", "INVALID");
        const existing = owner.get(`${appNamespace(m.namespace ?? "$app")}.${m.key}`);
        const type = m.type ?? existing?.type;
        if (!type) err("type", "Type can't be blank.", "BLANK");
        if (existing && type && type !== existing.type) err("type", `Type must be ${existing.type}.`, "INVALID_TYPE");
        if (m.key.length < 2) err("key", "Key is too short (minimum is 2 characters).", "TOO_SHORT");
        if (type === "number_integer" && !/^-?\d+$/.test(m.value)) err("value", "Value must be an integer.", "INVALID_VALUE");
        if (type === "boolean" && !/^(true|false)$/.test(m.value)) err("value", "Value must be true or false.", "INVALID_VALUE");
        if (type === "json" || type?.startsWith("list.")) {
          try {
            JSON.parse(m.value);
          } catch {
            err("value", "Value is invalid JSON.", "INVALID_VALUE");
          }
        }
        // compareDigest: null means "must not exist yet"; a string must match the current value.
        if (m.compareDigest !== undefined) {
          const current = existing ? metafieldDigest(existing) : null;
          if (m.compareDigest !== current) err("compareDigest", "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.", "STALE_OBJECT");
        }
      });
      // Atomic: nothing is written when any input is invalid.
      if (errors.length) return { metafields: null, userErrors: errors };
      const written = list.map((m) => {
        const owner = metafieldOwner(m.ownerId)!;
        const namespace = appNamespace(m.namespace ?? "$app");
        const existing = owner.get(`${namespace}.${m.key}`);
        const record: Metafield = { id: existing?.id ?? nextId("Metafield"), namespace, key: m.key, type: (m.type ?? existing?.type)!, value: m.value, updatedAt: now };
        owner.set(`${namespace}.${m.key}`, record);
        return metafieldNode(record, m.ownerId);
      });
      return { metafields: written, userErrors: [] };
    },
    tagsAdd: tagsChange(true),
    tagsRemove: tagsChange(false),
  };
}

// Parsing and validating against the whole Admin schema is most of the stand-in's CPU, and depends
// only on the query text: an app sends the same few documents again and again (benchmarks run the
// stand-in on the machine they measure).
const checkedDocuments = new Map<string, { schema: ReturnType<typeof loadAdminSchema>; document: DocumentNode } | { errors: unknown[] }>();
function checkedDocument(query: string) {
  let checked = checkedDocuments.get(query);
  if (!checked) {
    const schema = loadAdminSchema();
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      checked = errors.length ? { errors: toShopifyValidationErrors(document, errors) } : { schema, document };
    } catch (error) {
      checked = { errors: [toShopifyParseError(error as GraphQLError)] };
    }
    if (checkedDocuments.size >= 500) checkedDocuments.clear();
    checkedDocuments.set(query, checked);
  }
  return checked;
}

/** Executes one Admin GraphQL request for a shop. Returns the JSON body Shopify would send. */
export async function executeAdminGraphql(
  ctx: GraphqlContext,
  body: { query?: unknown; variables?: unknown; operationName?: unknown },
  failNext: FailureRule[],
): Promise<{ status: number; body: unknown; dropConnection?: boolean }> {
  if (typeof body.query !== "string") return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  const checked = checkedDocument(body.query);
  if ("errors" in checked) return { status: 200, body: { errors: checked.errors } };
  const { schema, document } = checked;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations.find((o) => !body.operationName || o.name?.value === body.operationName) ?? operations[0]!;
  const variables = (body.variables ?? {}) as Json;
  const rootFields = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD).map((f) => f.name.value);

  const bucket = ctx.shop.bucket;
  const nowMs = ctx.state.now().getTime();
  bucket.available = Math.min(bucket.maximumAvailable, bucket.available + (Math.max(0, nowMs - bucket.updatedAt) / 1000) * bucket.restoreRate);
  bucket.updatedAt = nowMs;
  const cost = requestedCost(document, operation, variables);
  const throttleStatus = () => ({ maximumAvailable: bucket.maximumAvailable, currentlyAvailable: Math.floor(bucket.available), restoreRate: bucket.restoreRate });
  const extensions = () => ({ cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: throttleStatus() } });

  const ruleIndex = failNext.findIndex((r) => r.times > 0 && (!r.operation || rootFields.includes(r.operation)));
  const rule = ruleIndex >= 0 ? failNext[ruleIndex]! : undefined;
  if (rule) {
    rule.times -= 1;
    if (rule.times <= 0) failNext.splice(ruleIndex, 1);
    if (rule.kind === "http500") return { status: 500, body: { errors: "Internal Server Error" } };
    if (rule.kind === "networkError") return { status: 0, body: null, dropConnection: true };
    if (rule.kind === "throttled") {
      return { status: 200, body: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }], extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: { ...throttleStatus(), currentlyAvailable: 0 } } } } };
    }
  }
  if (cost > MAX_QUERY_COST) {
    return {
      status: 200,
      body: {
        errors: [{ message: `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`, extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost: MAX_QUERY_COST } }],
        extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: throttleStatus() } },
      },
    };
  }
  if (cost > bucket.available) {
    return { status: 200, body: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }], extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: throttleStatus() } } } };
  }
  bucket.available -= cost;

  const root = rootResolvers(ctx);
  if (rule?.kind === "userError") {
    // The mutation is refused as a whole: nothing is written, the payload carries one userError.
    for (const field of rootFields) {
      if (rule.operation && rule.operation !== field) continue;
      const payloadType = getNamedType(schema.getMutationType()?.getFields()[field]?.type ?? schema.getQueryType()!.getFields()[field]!.type);
      const nulls = isObjectType(payloadType) ? Object.fromEntries(Object.keys(payloadType.getFields()).map((f) => [f, null])) : {};
      root[field] = () => ({ ...nulls, userErrors: [{ field: null, message: "Injected failure from the stand-in", code: null }] });
    }
  }
  // A field the stand-in's objects do not carry is an error, not a silent null: a query that
  // reads something new fails loudly in tests instead of passing on made-up data.
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
    if (source !== null && typeof source === "object" && !(info.fieldName in source)) {
      throw new Error(`not emulated by the stand-in: ${info.parentType.name}.${info.fieldName}`);
    }
    return defaultFieldResolver(source, args, context, info);
  };
  const result = await execute({ schema, document, rootValue: root, variableValues: variables, operationName: operation.name?.value, fieldResolver });
  // The work is done (and kept); the answer never reaches the caller.
  if (rule?.kind === "actedThenDropped") return { status: 0, body: null, dropConnection: true };
  return {
    status: 200,
    body: {
      ...(result.data ? { data: result.data } : {}),
      ...(result.errors?.length ? { errors: result.errors.map((e) => ({ message: e.message, locations: e.locations, path: e.path })) } : {}),
      extensions: extensions(),
    },
  };
}

