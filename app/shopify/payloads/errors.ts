// A webhook body that passed the HMAC check but is not what Shopify documents for its topic.
export class PayloadError extends Error {
  override name = "PayloadError";
}
