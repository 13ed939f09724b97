// Whether a version can be installed here — the one owner of the check: every dependency of its
// manifest (name → semver range: python, node, packages) must be provided by the organization's
// runtime in a satisfying version, and every service it names must be in the runtime's services
// or the service catalog (a catalog key equal to it, or starting with "<name>:").
import semver from 'semver';
import { z } from 'zod';
import type { Manifest } from '../versions/manifest.js';

export const runtimeSchema = z.object({
  dependencies: z.record(z.string(), z.string()).default({}),
  services: z.array(z.string()).default([]),
});
export type Runtime = z.infer<typeof runtimeSchema>;

/** The organization's stored runtime (Organization.runtime), whatever was stored. */
export function runtimeOf(stored: unknown): Runtime {
  const parsed = runtimeSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : { dependencies: {}, services: [] };
}

export interface CompatibilityItem {
  kind: 'DEPENDENCY' | 'SERVICE';
  name: string;
  required: string;
  provided: string | null;
  ok: boolean;
}

/** A semver range, or a PEP 440 specifier (the CapeControl form: ">=2.31,<3", "==1.4.2", "~=2.2") as one; null if neither. */
export function semverRangeOf(spec: string): string | null {
  if (semver.validRange(spec)) return spec;
  const translated = spec
    .split(',')
    .map((part) => part.trim().replace(/^==/, '=').replace(/^~=/, '^'))
    .join(' ');
  return semver.validRange(translated) ? translated : null;
}

export function compatibilityOf(
  manifest: Manifest,
  runtime: Runtime,
  catalogKeys: readonly string[],
): CompatibilityItem[] {
  const dependencies = Object.entries(manifest.dependencies)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, range]): CompatibilityItem => {
      const provided = runtime.dependencies[name] ?? null;
      const version = provided ? (semver.valid(provided) ?? semver.coerce(provided)?.version ?? null) : null;
      const wanted = semverRangeOf(range);
      return {
        kind: 'DEPENDENCY',
        name,
        required: range,
        provided,
        ok: !!version && !!wanted && semver.satisfies(version, wanted),
      };
    });
  const services = [...new Set(manifest.services)].sort().map((name): CompatibilityItem => {
    const provided =
      runtime.services.find((s) => s === name) ??
      catalogKeys.find((k) => k === name || k.startsWith(`${name}:`)) ??
      null;
    return { kind: 'SERVICE', name, required: name, provided, ok: provided !== null };
  });
  return [...dependencies, ...services];
}

/** The scopes a manifest requests: its permissions' and its tools', each once, sorted. */
export function requestedScopesOf(manifest: Manifest): string[] {
  return [...new Set([...manifest.permissions.scopes, ...manifest.tools.flatMap((t) => t.scopes)])].sort();
}
