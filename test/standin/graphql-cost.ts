// Query cost like Shopify's calculator (an approximation): objects 1, connections 2 + first ×
// their selection, mutations 10, scalars 0.
import { type DocumentNode, type FragmentDefinitionNode, getNamedType, type GraphQLOutputType, isInterfaceType, isObjectType, isUnionType, Kind, type OperationDefinitionNode, type SelectionSetNode, valueFromASTUntyped } from "graphql";
import { loadAdminSchema } from "./admin-schema";

type Json = Record<string, unknown>;

/** Shopify's single-query limit. */
export const MAX_QUERY_COST = 1000;

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

