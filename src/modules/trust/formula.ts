// The trust formula. Four dimensions in [0, 1], an overall score and a tier, computed only from
// recorded facts; every weight below is documented in the README (Governance → Trust).
//
//   decay(t)      = 0.5 ^ (age(t) / halfLife)                      (organization setting)
//   competence    = (k·prior_c + Σ decay·score) / (k + Σ decay)     over valid attestations
//   reliability   = (k·prior_r + Σ decay·[succeeded]) / (k + Σ decay)  over reported actions
//                   × exp(−P_reliability)
//   honesty       = prior_h × exp(−P_honesty)
//   transparency  = prior_t × exp(−P_transparency)
//   P_dimension   = Σ severityPenalty × statusFactor × decay         over that dimension's violations
//   overall       = Σ weight_d × dimension_d / Σ weight_d
//
// A new agent has no inputs, so it starts exactly at the prior.
import { z } from 'zod';
import type { Severity, TrustTier, ViolationCategory, ViolationStatus } from '../../generated/prisma/enums.js';

const unit = z.number().min(0).max(1);

export const trustSettingsSchema = z.strictObject({
  weights: z
    .strictObject({ competence: unit, reliability: unit, honesty: unit, transparency: unit })
    .refine(
      (w) => w.competence + w.reliability + w.honesty + w.transparency > 0,
      'at least one weight must be positive',
    )
    .default({ competence: 0.25, reliability: 0.25, honesty: 0.25, transparency: 0.25 }),
  halfLifeDays: z.number().positive().max(3650).default(30),
  prior: z
    .strictObject({
      competence: unit,
      reliability: unit,
      honesty: unit,
      transparency: unit,
      strength: z.number().positive().max(1000),
    })
    .default({ competence: 0.5, reliability: 0.5, honesty: 0.8, transparency: 0.8, strength: 2 }),
  /** An ACTIVE agent whose overall score falls below this is suspended automatically. */
  minimumOverall: unit.nullable().default(null),
});

export type TrustSettings = z.output<typeof trustSettingsSchema>;
export type Dimension = 'competence' | 'reliability' | 'honesty' | 'transparency';
export const DIMENSIONS: Dimension[] = ['competence', 'reliability', 'honesty', 'transparency'];

export const SEVERITY_PENALTY: Record<Severity, number> = { LOW: 0.05, MEDIUM: 0.15, HIGH: 0.35, CRITICAL: 0.7 };
export const STATUS_FACTOR: Record<ViolationStatus, number> = { OPEN: 1, ACKNOWLEDGED: 1, RESOLVED: 0.5, DISMISSED: 0 };
export const DIMENSION_OF: Record<ViolationCategory, Dimension> = {
  DECEPTION: 'honesty',
  SCOPE: 'honesty',
  DATA_ACCESS: 'honesty',
  TRANSPARENCY: 'transparency',
  ACCOUNTABILITY: 'transparency',
  SAFETY: 'reliability',
  BUDGET: 'reliability',
  RATE_LIMIT: 'reliability',
  OTHER: 'reliability',
};

export function tierOf(overall: number): TrustTier {
  if (overall < 0.2) return 'UNTRUSTED';
  if (overall < 0.4) return 'PROBATIONARY';
  if (overall < 0.7) return 'STANDARD';
  if (overall < 0.9) return 'TRUSTED';
  return 'VERIFIED';
}

export interface TrustFacts {
  actions: { id: string; at: Date; succeeded: boolean }[];
  attestations: { id: string; at: Date; score: number; claim: string; issuer: string; versionId?: string | null }[];
  violations: {
    id: string;
    at: Date;
    severity: Severity;
    category: ViolationCategory;
    status: ViolationStatus;
    versionId?: string | null;
  }[];
}

export interface TrustInput {
  kind: 'prior' | 'action' | 'attestation' | 'violation';
  ref: string | null;
  dimension: Dimension | null;
  description: string;
  /** The input's decay weight now (1 = fresh). */
  weight: number;
  /** How much the overall score moved because of this input: overall − overall without it. */
  effect: number;
}

export interface TrustResult {
  dimensions: Record<Dimension, number>;
  overall: number;
  tier: TrustTier;
  inputs: TrustInput[];
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function computeTrust(facts: TrustFacts, settings: TrustSettings, now: Date): TrustResult {
  const halfLifeMs = settings.halfLifeDays * 86_400_000;
  const decay = (at: Date) => 0.5 ** (Math.max(0, now.getTime() - at.getTime()) / halfLifeMs);
  const { prior, weights } = settings;
  const k = prior.strength;

  // Sums from which each dimension (and each leave-one-out variant) follows in O(1).
  let cNum = k * prior.competence;
  let cDen = k;
  for (const a of facts.attestations) {
    cNum += decay(a.at) * a.score;
    cDen += decay(a.at);
  }
  let rNum = k * prior.reliability;
  let rDen = k;
  for (const a of facts.actions) {
    rNum += decay(a.at) * (a.succeeded ? 1 : 0);
    rDen += decay(a.at);
  }
  const penalty: Record<Dimension, number> = { competence: 0, reliability: 0, honesty: 0, transparency: 0 };
  const penaltyOf = (v: TrustFacts['violations'][number]) =>
    SEVERITY_PENALTY[v.severity] * STATUS_FACTOR[v.status] * decay(v.at);
  for (const v of facts.violations) penalty[DIMENSION_OF[v.category]] += penaltyOf(v);

  const dims = (
    cN: number,
    cD: number,
    rN: number,
    rD: number,
    p: Record<Dimension, number>,
  ): Record<Dimension, number> => ({
    competence: cN / cD,
    reliability: (rN / rD) * Math.exp(-p.reliability),
    honesty: prior.honesty * Math.exp(-p.honesty),
    transparency: prior.transparency * Math.exp(-p.transparency),
  });
  const weightSum = DIMENSIONS.reduce((s, d) => s + weights[d], 0);
  const overallOf = (d: Record<Dimension, number>) => DIMENSIONS.reduce((s, x) => s + weights[x] * d[x], 0) / weightSum;

  const dimensions = dims(cNum, cDen, rNum, rDen, penalty);
  const overall = overallOf(dimensions);
  const without = (d: Record<Dimension, number>) => round(overall - overallOf(d));

  const inputs: TrustInput[] = [
    {
      kind: 'prior',
      ref: null,
      dimension: null,
      description: `prior c=${prior.competence} r=${prior.reliability} h=${prior.honesty} t=${prior.transparency}, strength ${k}`,
      weight: 1,
      effect: 0,
    },
    ...facts.attestations.map((a) => ({
      kind: 'attestation' as const,
      ref: a.id,
      dimension: 'competence' as const,
      description: `${a.issuer}: ${a.claim} (score ${a.score})`,
      weight: round(decay(a.at)),
      effect: without(dims(cNum - decay(a.at) * a.score, cDen - decay(a.at), rNum, rDen, penalty)),
    })),
    ...facts.actions.map((a) => ({
      kind: 'action' as const,
      ref: a.id,
      dimension: 'reliability' as const,
      description: a.succeeded ? 'reported action succeeded' : 'reported action failed',
      weight: round(decay(a.at)),
      effect: without(dims(cNum, cDen, rNum - decay(a.at) * (a.succeeded ? 1 : 0), rDen - decay(a.at), penalty)),
    })),
    ...facts.violations.map((v) => {
      const dimension = DIMENSION_OF[v.category];
      return {
        kind: 'violation' as const,
        ref: v.id,
        dimension,
        description: `${v.severity} ${v.category} violation, ${v.status}`,
        weight: round(decay(v.at)),
        effect: without(dims(cNum, cDen, rNum, rDen, { ...penalty, [dimension]: penalty[dimension] - penaltyOf(v) })),
      };
    }),
  ];
  inputs.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || (a.kind === 'prior' ? -1 : 0));

  return {
    dimensions: {
      competence: round(dimensions.competence),
      reliability: round(dimensions.reliability),
      honesty: round(dimensions.honesty),
      transparency: round(dimensions.transparency),
    },
    overall: round(overall),
    tier: tierOf(overall),
    inputs,
  };
}
