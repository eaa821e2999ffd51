// Links the app hands to shoppers (a social profile to follow): https only. Any other scheme can
// run code or content on the storefront when clicked (javascript:, data:, vbscript:), and browsers
// parse schemes case-insensitively after dropping leading spaces and control characters
// ("\u0001 JaVaScRiPt:…"). So the check is on the parsed URL, and a value holding any whitespace
// or control character, or user info ("https://instagram.com@evil.example"), is refused outright.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNSAFE_CHARS = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** The link itself if it is a plain https:// URL, null otherwise. */
export function safeLink(value: unknown): string | null {
  if (typeof value !== "string" || value === "" || value.length > 2000 || UNSAFE_CHARS.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || !url.hostname || url.username || url.password) return null;
  return value;
}

export const SAFE_LINK_MESSAGE = "Enter a full link that starts with https://";
