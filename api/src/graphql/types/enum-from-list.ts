// A type-graphql enum built from a list defined once elsewhere (analytics/, through services/):
// ["A", "B"] → { A: "A", B: "B" }, with the matching union type `(typeof LIST)[number]`.
export type EnumFromList<T extends readonly string[]> = { readonly [K in T[number]]: K };

export function enumFromList<const T extends readonly string[]>(values: T): EnumFromList<T> {
  return Object.fromEntries(values.map((v) => [v, v])) as EnumFromList<T>;
}
