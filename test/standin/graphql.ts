// Admin GraphQL at /admin/api/2026-10/graphql.json: validated against the real schema, executed
// against the stand-in's state, with Shopify's query cost, leaky-bucket throttling and userErrors.
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLFieldResolver,

  type GraphQLOutputType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  valueFromASTUntyped,
  validate,
  execute,
  defaultFieldResolver,
} from "graphql";
import { loadAdminSchema } from "./admin-schema";
import { gid, idFromGid, nextId } from "./ids";
import { decimal } from "./payloads";
import { type CustomerRecord, type DiscountRecord, type OrderRecord, orderTotal, orderSubtotal, type ShopRecord, type StandinState } from "./state";

export type FailureKind = "http500" | "throttled" | "userError" | "networkError";
export type FailureRule = { operation?: string; times: number; kind: FailureKind };

type Json = Record<string, unknown>;
type UserError = { field: string[] | null; message: string; code: string | null };

const MAX_QUERY_COST = 1000;

// ---------------------------------------------------------------------------------------------
// Cost: objects 1, connections 2 + first × their selection, mutations 10, scalars 0.

function fieldCost(
  selectionSet: SelectionSetNode | undefined,
  parent: GraphQLOutputType,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Json,
): number {
  if (!selectionSet) return 0;
  const named = getNamedType(parent);
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? loadAdminSchema().getType(selection.typeCondition.name.value) : named;
      total += fieldCost(selection.selectionSet, type as GraphQLOutputType, fragments, variables);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments[selection.name.value];
      if (fragment) total += fieldCost(fragment.selectionSet, loadAdminSchema().getType(fragment.typeCondition.name.value) as GraphQLOutputType, fragments, variables);
      continue;
    }
    const fields = isObjectType(named) || isInterfaceType(named) ? named.getFields() : {};
    const def = fields[selection.name.value];
    if (!def) continue;
    const type = getNamedType(def.type);
    if (!(isObjectType(type) || isInterfaceType(type) || isUnionType(type))) continue;
    const child = fieldCost(selection.selectionSet, def.type, fragments, variables);
    const firstArg = selection.arguments?.find((a) => a.name.value === "first" || a.name.value === "last");
    const first = firstArg ? Number(valueFromASTUntyped(firstArg.value, variables)) || 0 : null;
    total += type.name.endsWith("Connection") ? 2 + (first ?? 10) * Math.max(child, 1) : 1 + child * (first ?? 1);
  }
  return total;
}

export function requestedCost(document: DocumentNode, operation: OperationDefinitionNode, variables: Json): number {
  const schema = loadAdminSchema();
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  if (operation.operation === "mutation") return 10 * operation.selectionSet.selections.length;
  return Math.max(1, fieldCost(operation.selectionSet, schema.getQueryType()!, fragments, variables));
}

// ---------------------------------------------------------------------------------------------
// Shapes the stand-in's records take in the schema.

const money = (minor: bigint, currency: string) => ({ amount: decimal(minor, currency), currencyCode: currency });
const moneyBag = (minor: bigint, currency: string) => ({ shopMoney: money(minor, currency), presentmentMoney: money(minor, currency) });

function connection<T>(items: T[], args: { first?: number; last?: number; after?: string }, node: (item: T) => unknown) {
  const start = args.after ? Number(Buffer.from(args.after, "base64").toString("utf8")) + 1 : 0;
  const size = args.first ?? args.last ?? 50;
  const page = items.slice(start, start + size);
  const cursor = (i: number) => Buffer.from(String(start + i)).toString("base64");
  return {
    nodes: page.map(node),
    edges: page.map((item, i) => ({ node: node(item), cursor: cursor(i) })),
    pageInfo: {
      hasNextPage: start + size < items.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? cursor(0) : null,
      endCursor: page.length ? cursor(page.length - 1) : null,
    },
  };
}

function metafieldNode(m: { id: bigint; namespace: string; key: string; type: string; value: string; updatedAt: Date }, ownerId: string) {
  return { __typename: "Metafield", id: gid("Metafield", m.id), namespace: m.namespace, key: m.key, type: m.type, value: m.value, updatedAt: m.updatedAt.toISOString(), createdAt: m.updatedAt.toISOString(), ownerType: "CUSTOMER", owner: { id: ownerId }, compareDigest: `${m.updatedAt.getTime()}` };
}

function customerNode(state: StandinState, shop: ShopRecord, c: CustomerRecord, appNamespace: (ns: string) => string) {
  const stats = state.customerStats(shop, c.id);
  const id = gid("Customer", c.id);
  return {
    __typename: "Customer",
    id,
    legacyResourceId: c.id.toString(),
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    displayName: [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || "",
    tags: c.tags,
    numberOfOrders: String(stats.numberOfOrders),
    amountSpent: money(stats.amountSpentMinor, shop.currency),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    emailMarketingConsent: { marketingState: c.emailMarketingState, marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: null },
    metafield: ({ namespace, key }: { namespace?: string; key: string }) => {
      const m = c.metafields.get(`${appNamespace(namespace ?? "")}.${key}`);
      return m ? metafieldNode(m, id) : null;
    },
    metafields: (args: { first?: number; namespace?: string }) =>
      connection(
        [...c.metafields.values()].filter((m) => !args.namespace || m.namespace === appNamespace(args.namespace)),
        args,
        (m) => metafieldNode(m, id),
      ),
    storeCreditAccounts: (args: { first?: number }) =>
      connection([...c.storeCredit.entries()], args, ([currency, minor]) => ({
        __typename: "StoreCreditAccount",
        id: gid("StoreCreditAccount", c.storeCreditAccountId),
        balance: money(minor, currency),
      })),
  };
}

function financialStatus(o: OrderRecord) {
  return { paid: "PAID", partially_refunded: "PARTIALLY_REFUNDED", refunded: "REFUNDED", voided: "VOIDED" }[o.financialStatus];
}

function orderNode(state: StandinState, shop: ShopRecord, o: OrderRecord, appNamespace: (ns: string) => string) {
  const cur = o.currency;
  const customer = o.customerId !== null ? shop.customers.get(o.customerId) : undefined;
  return {
    __typename: "Order",
    id: gid("Order", o.id),
    legacyResourceId: o.id.toString(),
    name: o.name,
    email: o.email,
    test: o.test,
    sourceName: o.sourceName,
    createdAt: o.createdAt.toISOString(),
    processedAt: o.processedAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    displayFinancialStatus: financialStatus(o),
    displayFulfillmentStatus: o.fulfillmentStatus === "fulfilled" ? "FULFILLED" : "UNFULFILLED",
    discountCodes: o.discountCodes.map((d) => d.code),
    taxesIncluded: false,
    discountCode: o.discountCodes[0]?.code ?? null,
    currencyCode: cur,
    presentmentCurrencyCode: o.presentmentCurrency,
    customer: customer ? customerNode(state, shop, customer, appNamespace) : null,
    totalPriceSet: moneyBag(orderTotal(o), cur),
    currentTotalPriceSet: moneyBag(orderTotal(o) - o.refunds.reduce((s, r) => s + r.amountMinor, 0n), cur),
    subtotalPriceSet: moneyBag(orderSubtotal(o), cur),
    totalShippingPriceSet: moneyBag(o.shippingPriceMinor - o.shippingDiscountMinor, cur),
    totalRefundedSet: moneyBag(o.refunds.reduce((s, r) => s + r.amountMinor, 0n), cur),
    shippingLines: (args: { first?: number }) =>
      connection(o.shippingPriceMinor ? [o] : [], args, () => ({
        title: "Standard",
        originalPriceSet: moneyBag(o.shippingPriceMinor, cur),
        discountedPriceSet: moneyBag(o.shippingPriceMinor - o.shippingDiscountMinor, cur),
        taxLines: [],
      })),
    lineItems: (args: { first?: number }) =>
      connection(o.lines, args, (l) => {
        const product = shop.products.find((p) => p.id === l.productId);
        return {
          id: gid("LineItem", l.id),
          name: l.title,
          title: l.title,
          quantity: l.quantity,
          isGiftCard: l.giftCard,
          product: product ? { id: gid("Product", product.id), title: product.title, tags: product.tags } : null,
          variant: l.variantId !== null ? { id: gid("ProductVariant", l.variantId) } : null,
          originalUnitPriceSet: moneyBag(l.priceMinor, cur),
          originalTotalSet: moneyBag(l.priceMinor * BigInt(l.quantity), cur),
          discountAllocations: l.discountMinor ? [{ allocatedAmountSet: moneyBag(l.discountMinor, cur) }] : [],
          taxLines: l.taxMinor ? [{ priceSet: moneyBag(l.taxMinor, cur), title: "Tax", rate: 0.1 }] : [],
        };
      }),
    refunds: (args: { first?: number }) =>
      o.refunds.slice(0, args.first ?? 50).map((r) => ({
        id: gid("Refund", r.id),
        legacyResourceId: r.id.toString(),
        createdAt: r.createdAt.toISOString(),
        note: r.note,
        totalRefundedSet: moneyBag(r.amountMinor, cur),
        refundLineItems: (a: { first?: number }) =>
          connection(r.lines, a, (rl) => ({
            quantity: rl.quantity,
            lineItem: { id: gid("LineItem", rl.lineItemId) },
            subtotalSet: moneyBag(rl.subtotalMinor, cur),
            totalTaxSet: moneyBag(rl.taxMinor, cur),
          })),
        refundShippingLines: (a: { first?: number }) =>
          connection(r.shippingMinor ? [r] : [], a, () => ({ subtotalAmountSet: moneyBag(r.shippingMinor, cur), taxAmountSet: moneyBag(0n, cur) })),
      })),
  };
}

function discountNode(d: DiscountRecord, currency: string) {
  const status = d.endsAt && d.endsAt <= new Date() ? "EXPIRED" : d.startsAt > new Date() ? "SCHEDULED" : "ACTIVE";
  const value = d.value
    ? d.value.type === "amount"
      ? { __typename: "DiscountAmount", amount: money(d.value.amountMinor, currency), appliesOnEachItem: d.value.appliesOnEachItem }
      : { __typename: "DiscountPercentage", percentage: d.value.percentage }
    : null;
  const common = {
    title: d.title,
    status,
    startsAt: d.startsAt.toISOString(),
    endsAt: d.endsAt?.toISOString() ?? null,
    usageLimit: d.usageLimit,
    asyncUsageCount: d.usageCount,
    appliesOncePerCustomer: d.appliesOncePerCustomer,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    combinesWith: d.combinesWith,
    codes: (args: { first?: number }) => connection([d.code], args, (code) => ({ code, id: gid("DiscountRedeemCode", d.id) })),
    codesCount: { count: 1, precision: "EXACT" },
    minimumRequirement: d.minimumSubtotalMinor !== null ? { __typename: "DiscountMinimumSubtotal", greaterThanOrEqualToSubtotal: money(d.minimumSubtotalMinor, currency) } : null,
    context:
      d.customerIds === null
        ? { __typename: "DiscountBuyerSelectionAll", all: "ALL" }
        : { __typename: "DiscountCustomers", customers: d.customerIds.map((c) => ({ id: gid("Customer", c) })) },
  };
  return {
    __typename: "DiscountCodeNode",
    id: gid("DiscountCodeNode", d.id),
    codeDiscount:
      d.kind === "free_shipping"
        ? { __typename: "DiscountCodeFreeShipping", ...common, maximumShippingPrice: d.maximumShippingMinor !== null ? money(d.maximumShippingMinor, currency) : null }
        : { __typename: "DiscountCodeBasic", ...common, customerGets: { value, items: "all" in d.items ? { __typename: "AllDiscountItems", allItems: true } : null } },
  };
}

// ---------------------------------------------------------------------------------------------
// Discount input → record, with Shopify's userErrors.

function parseDecimalMinor(value: unknown, currency: string): bigint | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(String(value));
  if (!m) return null;
  const exp = currency === "JPY" ? 0 : currency === "KWD" ? 3 : 2;
  return BigInt(m[1]! + (m[2] ?? "").padEnd(exp, "0").slice(0, exp));
}

function buildDiscount(shop: ShopRecord, kind: DiscountRecord["kind"], input: Json, root: string, now: Date): { record?: DiscountRecord; userErrors: UserError[] } {
  const errors: UserError[] = [];
  const err = (field: string, message: string, code: string) => errors.push({ field: [root, field], message, code });
  const code = typeof input.code === "string" ? input.code.trim() : "";
  if (!code) err("code", "Code can't be blank", "BLANK");
  else if ([...shop.discounts.values()].some((d) => d.code.toUpperCase() === code.toUpperCase())) {
    err("code", "Code must be unique. Please try a different code.", "TAKEN");
  }
  if (typeof input.title !== "string" || !input.title.trim()) err("title", "Title can't be blank", "BLANK");
  const startsAt = typeof input.startsAt === "string" ? new Date(input.startsAt) : null;
  if (!startsAt || Number.isNaN(startsAt.getTime())) err("startsAt", "Starts at can't be blank", "BLANK");
  const endsAt = typeof input.endsAt === "string" ? new Date(input.endsAt) : null;
  if (startsAt && endsAt && endsAt <= startsAt) err("endsAt", "Ends at needs to be after starts_at", "INVALID");
  const usageLimit = typeof input.usageLimit === "number" ? input.usageLimit : null;
  if (usageLimit !== null && usageLimit < 1) err("usageLimit", "Usage limit must be greater than 0", "GREATER_THAN");

  let customerIds: bigint[] | null = null;
  const context = input.context as Json | undefined;
  const selection = input.customerSelection as Json | undefined;
  const adds = ((context?.customers as Json | undefined)?.add ?? (selection?.customers as Json | undefined)?.add) as unknown[] | undefined;
  if (adds) {
    customerIds = [];
    for (const g of adds) {
      const id = typeof g === "string" ? idFromGid(g, "Customer") : null;
      if (id === null || !shop.customers.has(id)) err("context", `Customer ${String(g)} does not exist`, "INVALID");
      else customerIds.push(id);
    }
  }

  let value: DiscountRecord["value"] = null;
  let items: DiscountRecord["items"] = { all: true };
  if (kind === "basic") {
    const gets = input.customerGets as Json | undefined;
    const v = gets?.value as Json | undefined;
    if (!v) err("customerGets", "Customer gets value can't be blank", "BLANK");
    else if (v.percentage !== undefined) {
      const pct = Number(v.percentage);
      if (!(pct > 0 && pct <= 1)) err("customerGets", "Value must be between 0.0 and 1.0", "VALUE_OUTSIDE_RANGE");
      else value = { type: "percentage", percentage: pct };
    } else if (v.discountAmount) {
      const amount = v.discountAmount as Json;
      const minor = parseDecimalMinor(amount.amount, shop.currency);
      if (minor === null || minor <= 0n) err("customerGets", "Value must be greater than 0", "GREATER_THAN");
      else value = { type: "amount", amountMinor: minor, appliesOnEachItem: amount.appliesOnEachItem === true };
    } else err("customerGets", "Only percentage and amount values are emulated", "INVALID");
    const it = gets?.items as Json | undefined;
    if (it?.collections) {
      const ids = (((it.collections as Json).add as string[]) ?? []).map((g) => idFromGid(g, "Collection"));
      if (ids.some((id) => id === null || !shop.collections.some((c) => c.id === id))) err("customerGets", "Collection does not exist", "INVALID");
      items = { collectionIds: ids.filter((x): x is bigint => x !== null) };
    } else if (it?.products) {
      const p = it.products as Json;
      const variantIds = ((p.productVariantsToAdd as string[]) ?? []).map((g) => idFromGid(g, "ProductVariant"));
      const productIds = ((p.productsToAdd as string[]) ?? []).map((g) => idFromGid(g, "Product"));
      const known = (id: bigint | null, variant: boolean) =>
        id !== null && shop.products.some((pr) => (variant ? pr.variants.some((v) => v.id === id) : pr.id === id));
      if (variantIds.some((id) => !known(id, true)) || productIds.some((id) => !known(id, false))) err("customerGets", "Product does not exist", "INVALID");
      items = { variantIds: variantIds.filter((x): x is bigint => x !== null), productIds: productIds.filter((x): x is bigint => x !== null) };
    }
  }
  const min = ((input.minimumRequirement as Json | undefined)?.subtotal as Json | undefined)?.greaterThanOrEqualToSubtotal;
  const minimumSubtotalMinor = min !== undefined ? parseDecimalMinor(min, shop.currency) : null;
  const maximumShippingMinor = input.maximumShippingPrice !== undefined ? parseDecimalMinor(input.maximumShippingPrice, shop.currency) : null;
  const combines = (input.combinesWith as Json | undefined) ?? {};
  if (errors.length) return { userErrors: errors };
  return {
    userErrors: [],
    record: {
      id: nextId("DiscountCodeNode"),
      kind,
      title: String(input.title),
      code,
      startsAt: startsAt!,
      endsAt,
      usageLimit,
      appliesOncePerCustomer: input.appliesOncePerCustomer === true,
      customerIds,
      value,
      items,
      minimumSubtotalMinor,
      maximumShippingMinor,
      combinesWith: {
        orderDiscounts: combines.orderDiscounts === true,
        productDiscounts: combines.productDiscounts === true,
        shippingDiscounts: combines.shippingDiscounts === true,
      },
      usageCount: 0,
      usedByCustomers: new Set(),
      createdAt: now,
      updatedAt: now,
    },
  };
}

// ---------------------------------------------------------------------------------------------

function matchesQuery(o: OrderRecord, query: string | undefined): boolean {
  if (!query) return true;
  for (const m of query.matchAll(/updated_at:(>=|<=|>|<)?'?([^' ]+)'?/g)) {
    const op = m[1] ?? "=";
    const at = new Date(m[2]!).getTime();
    const t = o.updatedAt.getTime();
    if ((op === ">=" && !(t >= at)) || (op === ">" && !(t > at)) || (op === "<=" && !(t <= at)) || (op === "<" && !(t < at))) return false;
  }
  return true;
}

function customerMatches(c: CustomerRecord, query: string | undefined): boolean {
  if (!query) return true;
  const email = /email:(\S+)/.exec(query)?.[1];
  if (email) return (c.email ?? "").toLowerCase() === email.replace(/['"]/g, "").toLowerCase();
  const text = query.toLowerCase();
  return [c.email, c.firstName, c.lastName].some((v) => (v ?? "").toLowerCase().includes(text));
}

export type GraphqlContext = { state: StandinState; shop: ShopRecord; apiKey: string };

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
  const createDiscount = (kind: DiscountRecord["kind"], root: string) => (args: Json) => {
    const { record, userErrors } = buildDiscount(shop, kind, (args[root] as Json) ?? {}, root, now);
    if (record) shop.discounts.set(record.id, record);
    return { codeDiscountNode: record ? discountNode(record, shop.currency) : null, userErrors };
  };
  const tagsChange = (add: boolean) => ({ id, tags }: { id: string; tags: string[] }) => {
    const c = customerById(id);
    if (!c) return { node: null, userErrors: [{ field: ["id"], message: "Resource not found", code: null }] };
    const set = new Set(c.tags);
    for (const t of tags.flatMap((t) => t.split(",")).map((t) => t.trim()).filter(Boolean)) {
      if (add) set.add(t);
      else set.delete(t);
    }
    c.tags = [...set];
    c.updatedAt = now;
    return { node: { __typename: "Customer", id }, userErrors: [] };
  };
  return {
    shop: () => ({
      id: gid("Shop", shop.id),
      name: shop.name,
      email: shop.email,
      currencyCode: shop.currency,
      myshopifyDomain: shop.domain,
      ianaTimezone: shop.timezone,
      plan: { displayName: shop.plan, partnerDevelopment: true, shopifyPlus: shop.plan === "plus" },
    }),
    customer: ({ id }: Json) => {
      const c = customerById(id);
      return c ? customerNode(state, shop, c, appNamespace) : null;
    },
    customers: (args: Json) =>
      connection([...shop.customers.values()].filter((c) => customerMatches(c, args.query as string | undefined)), args, (c) => customerNode(state, shop, c, appNamespace)),
    order: ({ id }: Json) => {
      const o = orderById(id);
      return o ? orderNode(state, shop, o, appNamespace) : null;
    },
    orders: (args: Json) => {
      const list = [...shop.orders.values()]
        .filter((o) => matchesQuery(o, args.query as string | undefined))
        .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || Number(a.id - b.id));
      if (args.reverse) list.reverse();
      return connection(list, args, (o) => orderNode(state, shop, o, appNamespace));
    },
    products: (args: Json) =>
      connection(shop.products, args, (p) => ({
        id: gid("Product", p.id),
        title: p.title,
        handle: p.handle,
        tags: p.tags,
        isGiftCard: p.giftCard,
        variants: (a: Json) => connection(p.variants, a, (v) => ({ id: gid("ProductVariant", v.id), title: v.title, price: decimal(v.priceMinor, shop.currency) })),
      })),
    collections: (args: Json) => connection(shop.collections, args, (c) => ({ id: gid("Collection", c.id), title: c.title, handle: c.handle })),
    nodes: ({ ids }: Json) =>
      (ids as string[]).map((id) => {
        const productId = idFromGid(id, "Product");
        const product = productId !== null ? shop.products.find((p) => p.id === productId) : undefined;
        if (product) {
          return {
            __typename: "Product",
            id,
            title: product.title,
            tags: product.tags,
            collections: (a: Json) =>
              connection(shop.collections.filter((c) => product.collectionIds.includes(c.id)), a, (c) => ({ id: gid("Collection", c.id), title: c.title })),
          };
        }
        const customer = customerById(id);
        if (customer) return customerNode(state, shop, customer, appNamespace);
        const order = orderById(id);
        return order ? orderNode(state, shop, order, appNamespace) : null;
      }),
    codeDiscountNodeByCode: ({ code }: Json) => {
      const d = [...shop.discounts.values()].find((x) => x.code.toUpperCase() === String(code).toUpperCase());
      return d ? discountNode(d, shop.currency) : null;
    },
    codeDiscountNode: ({ id }: Json) => {
      const d = discountById(id);
      return d ? discountNode(d, shop.currency) : null;
    },
    webhookSubscriptions: (args: Json) => connection([], args, (x) => x),
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
      d.endsAt = now;
      return { codeDiscountNode: discountNode(d, shop.currency), userErrors: [] };
    },
    storeCreditAccountCredit: ({ id, creditInput }: Json) => {
      const input = creditInput as { creditAmount: { amount: string; currencyCode: string }; expiresAt?: string };
      const c = customerById(id) ?? [...shop.customers.values()].find((x) => gid("StoreCreditAccount", x.storeCreditAccountId) === id);
      if (!c) return { storeCreditAccountTransaction: null, userErrors: [{ field: ["id"], message: "Owner does not exist", code: "ACCOUNT_NOT_FOUND" }] };
      const minor = parseDecimalMinor(input.creditAmount.amount, input.creditAmount.currencyCode);
      if (minor === null || minor <= 0n) {
        return { storeCreditAccountTransaction: null, userErrors: [{ field: ["creditInput", "creditAmount", "amount"], message: "A positive amount must be used to credit a store credit account", code: "NEGATIVE_OR_ZERO_AMOUNT" }] };
      }
      const currency = input.creditAmount.currencyCode;
      c.storeCredit.set(currency, (c.storeCredit.get(currency) ?? 0n) + minor);
      c.creditTransactions.push({ amountMinor: minor, currency, expiresAt: input.expiresAt ? new Date(input.expiresAt) : null, createdAt: now });
      return {
        storeCreditAccountTransaction: {
          amount: money(minor, currency),
          balanceAfterTransaction: money(c.storeCredit.get(currency)!, currency),
          account: { id: gid("StoreCreditAccount", c.storeCreditAccountId), balance: money(c.storeCredit.get(currency)!, currency) },
        },
        userErrors: [],
      };
    },
    metafieldsSet: ({ metafields }: Json) => {
      const list = metafields as Array<{ ownerId: string; namespace?: string; key: string; type?: string; value: string }>;
      if (list.length > 25) {
        return { metafields: null, userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO" }] };
      }
      const errors: UserError[] = [];
      list.forEach((m, i) => {
        if (!customerById(m.ownerId)) errors.push({ field: ["metafields", String(i), "ownerId"], message: "Owner does not exist.", code: "INVALID" });
        if (!m.type) errors.push({ field: ["metafields", String(i), "type"], message: "Type can't be blank.", code: "BLANK" });
        if (m.type === "number_integer" && !/^-?\d+$/.test(m.value)) errors.push({ field: ["metafields", String(i), "value"], message: "Value must be an integer.", code: "INVALID_VALUE" });
        if (m.type === "json") {
          try {
            JSON.parse(m.value);
          } catch {
            errors.push({ field: ["metafields", String(i), "value"], message: "Value is invalid JSON.", code: "INVALID_VALUE" });
          }
        }
      });
      // Atomic: nothing is written when any input is invalid.
      if (errors.length) return { metafields: null, userErrors: errors };
      const written = list.map((m) => {
        const c = customerById(m.ownerId)!;
        const namespace = appNamespace(m.namespace ?? "$app");
        const existing = c.metafields.get(`${namespace}.${m.key}`);
        const record = { id: existing?.id ?? nextId("Metafield"), namespace, key: m.key, type: m.type!, value: m.value, updatedAt: now };
        c.metafields.set(`${namespace}.${m.key}`, record);
        return metafieldNode(record, m.ownerId);
      });
      return { metafields: written, userErrors: [] };
    },
    tagsAdd: tagsChange(true),
    tagsRemove: tagsChange(false),
  };
}

/** Executes one Admin GraphQL request for a shop. Returns the JSON body Shopify would send. */
export async function executeAdminGraphql(
  ctx: GraphqlContext,
  body: { query?: unknown; variables?: unknown; operationName?: unknown },
  failNext: FailureRule[],
): Promise<{ status: number; body: unknown; dropConnection?: boolean }> {
  if (typeof body.query !== "string") return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  const schema = loadAdminSchema();
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    return { status: 200, body: { errors: [{ message: (error as Error).message, extensions: { code: "PARSE_ERROR" } }] } };
  }
  const errors = validate(schema, document);
  if (errors.length) {
    return { status: 200, body: { errors: errors.map((e) => ({ message: e.message, locations: e.locations, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })) } };
  }
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
    return { status: 200, body: { errors: [{ message: `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`, extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost: MAX_QUERY_COST } }] } };
  }
  if (cost > bucket.available) {
    return { status: 200, body: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }], extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: throttleStatus() } } } };
  }
  bucket.available -= cost;

  const root = rootResolvers(ctx);
  const rootTypes = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name]);
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
    if (rootTypes.has(info.parentType.name) && !(info.fieldName in (source as Json))) {
      throw new Error(`${info.fieldName} is not emulated by the stand-in`);
    }
    return defaultFieldResolver(source, args, context, info);
  };
  const result = await execute({ schema, document, rootValue: root, variableValues: variables, operationName: operation.name?.value, fieldResolver });
  if (rule?.kind === "userError" && result.data) {
    for (const field of rootFields) {
      const value = (result.data as Json)[field] as Json | null;
      if (value && "userErrors" in value) value.userErrors = [{ field: null, message: "Injected failure from the stand-in", code: "INTERNAL_ERROR" }];
    }
  }
  return {
    status: 200,
    body: {
      ...(result.data ? { data: result.data } : {}),
      ...(result.errors?.length ? { errors: result.errors.map((e) => ({ message: e.message, locations: e.locations, path: e.path })) } : {}),
      extensions: extensions(),
    },
  };
}

