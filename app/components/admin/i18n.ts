// The admin's user-facing text lives in app/locales/en.json; `t` looks a key up and fills
// `{name}` placeholders. A missing key renders the key itself so it is visible, not blank.
import en from "../../locales/en.json";

type Messages = { [key: string]: string | Messages };

export function translate(messages: Messages, key: string, vars: Record<string, string | number> = {}): string {
  let node: string | Messages | undefined = messages;
  for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
  if (typeof node !== "string") return key;
  return node.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export const t = (key: string, vars?: Record<string, string | number>) => translate(en as Messages, key, vars);
