// Which activity verbs an endpoint receives: exact verbs, `prefix.*`, or `*` for all.
export function verbMatches(patterns: readonly string[], verb: string): boolean {
  return patterns.some((p) => p === '*' || p === verb || (p.endsWith('.*') && verb.startsWith(p.slice(0, -1))));
}

/** The verbs an endpoint may name: lower-case words with dots and underscores, wildcards at the end. */
export const VERB_PATTERN = /^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$/;
