// Resource patterns of CONTENT policies are regular expressions written by users. They run on
// RE2 (re2js), whose matching time is linear in the input whatever the pattern: `^(a+)+$`
// cannot stall the process. RE2 has no backreferences or lookaround; such a pattern is refused
// when the policy is saved. The one place patterns are compiled.
import { RE2JS } from 're2js';

const compiled = new Map<string, RE2JS>();

function compile(pattern: string): RE2JS {
  let re = compiled.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern);
    if (compiled.size >= 10_000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** Null when `pattern` compiles; otherwise why not. */
export function patternProblem(pattern: string): string | null {
  try {
    compile(pattern);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Whether `pattern` matches anywhere in `text`. A stored pattern RE2 cannot compile (saved before
 * patterns were checked with RE2) matches everything: a broken rule fails closed.
 */
export function patternMatches(pattern: string, text: string): boolean {
  if (patternProblem(pattern)) return true;
  return compile(pattern).test(text);
}
