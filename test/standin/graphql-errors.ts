// Shopify runs graphql-ruby, so an invalid document is answered with graphql-ruby's messages and
// codes (`undefinedField`, `argumentNotAccepted`, …) and a path that starts with the operation
// ("query Bad", "shop", "notAField"). graphql-js finds the same errors; this maps them to that shape.
import { type ASTNode, type DocumentNode, type GraphQLError, Kind, visit } from "graphql";

export type ShopifyGraphqlError = {
  message: string;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  path?: string[];
  extensions: Record<string, unknown>;
};

type Rule = { pattern: RegExp; map: (m: RegExpExecArray) => { message: string; extensions: Record<string, unknown> } };

const RULES: Rule[] = [
  {
    pattern: /^Cannot query field "(\w+)" on type "(\w+)"/,
    map: ([, field, type]) => ({ message: `Field '${field}' doesn't exist on type '${type}'`, extensions: { code: "undefinedField", typeName: type, fieldName: field } }),
  },
  {
    pattern: /^Unknown argument "(\w+)" on field "\w+\.(\w+)"/,
    map: ([, arg, field]) => ({
      message: `Field '${field}' doesn't accept argument '${arg}'`,
      extensions: { code: "argumentNotAccepted", name: field, typeName: "Field", argumentName: arg },
    }),
  },
  {
    pattern: /^Field "(\w+)" argument "(\w+)" of type "[^"]+" is required, but it was not provided/,
    map: ([, field, arg]) => ({
      message: `Field '${field}' is missing required arguments: ${arg}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: field, arguments: arg },
    }),
  },
  {
    pattern: /^Field "(\w+)" must not have a selection since type "([^"]+)" has no subfields/,
    map: ([, field, type]) => ({
      message: `Selections can't be made on scalars (field '${field}' returns ${type} but has selections)`,
      extensions: { code: "selectionMismatch", nodeName: `field '${field}'`, typeName: type },
    }),
  },
  {
    pattern: /^Field "(\w+)" of type "([^"]+)" must have a selection of subfields/,
    map: ([, field, type]) => {
      const named = (type ?? "").replace(/[![\]]/g, "");
      return {
        message: `Field must have selections (field '${field}' returns ${named} but has no selections. Did you mean '${field} { ... }'?)`,
        extensions: { code: "selectionMismatch", nodeName: `field '${field}'`, typeName: named },
      };
    },
  },
  {
    pattern: /^Unknown type "(\w+)"/,
    map: ([, type]) => ({ message: `${type} isn't a defined input type`, extensions: { code: "variableRequiresValidType", typeName: type } }),
  },
  {
    pattern: /^Variable "\$(\w+)" is not defined(?: by operation "(\w+)")?/,
    map: ([, name, op]) => ({ message: `Variable $${name} is used by ${op ?? "anonymous query"} but not declared`, extensions: { code: "variableNotDefined", variableName: name } }),
  },
  {
    pattern: /^Variable "\$(\w+)" is never used(?: in operation "(\w+)")?/,
    map: ([, name, op]) => ({ message: `Variable $${name} is declared by ${op ?? "anonymous query"} but not used`, extensions: { code: "variableNotUsed", variableName: name } }),
  },
  {
    pattern: /^Variable "\$(\w+)" of type "([^"]+)" used in position expecting type "([^"]+)"/,
    map: ([, name, given, expected]) => ({
      message: `Type mismatch on variable $${name} and argument (${given} / ${expected})`,
      extensions: { code: "variableMismatch", variableName: name, typeName: given },
    }),
  },
];

/** The path graphql-ruby reports: operation ("query Name"), then fields down to the node. */
function pathTo(document: DocumentNode, target: ASTNode | undefined): string[] | undefined {
  if (!target) return undefined;
  let found: string[] | undefined;
  visit(document, {
    enter(node, _key, _parent, _path, ancestors) {
      if (node !== target) return undefined;
      const chain = [...ancestors, node].filter((a): a is ASTNode => !Array.isArray(a) && typeof a === "object" && a !== null && "kind" in a);
      found = chain.flatMap((a) => {
        if (a.kind === Kind.OPERATION_DEFINITION) return [`${a.operation}${a.name ? ` ${a.name.value}` : ""}`];
        if (a.kind === Kind.FRAGMENT_DEFINITION) return [`fragment ${a.name.value}`];
        if (a.kind === Kind.FIELD) return [a.alias?.value ?? a.name.value];
        if (a.kind === Kind.ARGUMENT) return [a.name.value];
        return [];
      });
      return false;
    },
  });
  return found;
}

export function toShopifyValidationErrors(document: DocumentNode, errors: readonly GraphQLError[]): ShopifyGraphqlError[] {
  return errors.map((error) => {
    const path = pathTo(document, error.nodes?.[0]);
    for (const rule of RULES) {
      const m = rule.pattern.exec(error.message);
      if (m) return { ...rule.map(m), locations: error.locations, ...(path ? { path } : {}) };
    }
    return { message: error.message, locations: error.locations, ...(path ? { path } : {}), extensions: { code: "validationError" } };
  });
}

/** graphql-ruby's parse error: "syntax error, unexpected … at [line, column]". */
export function toShopifyParseError(error: GraphQLError): ShopifyGraphqlError {
  const at = error.locations?.[0];
  const detail = error.message.replace(/^Syntax Error: /, "").replace(/\.$/, "");
  return { message: `syntax error, ${detail}${at ? ` at [${at.line}, ${at.column}]` : ""}`, locations: error.locations, extensions: { code: "parseError" } };
}
