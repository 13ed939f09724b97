// What an install's grants allow — the one owner of the rule. An agent that was never installed is
// governed by policies alone. Once installed, it acts only within the scopes a governor granted
// (every decision asking for another scope is DENY), and once uninstalled it may not act at all:
// no decision but DENY and no spend authorization.
import type { InstallState } from '../../generated/prisma/enums.js';

export interface Granted {
  installState: InstallState | null;
  grantedScopes: string[];
}

/** Why the agent may not act (spend, or anything) because of its install, or null. */
export function installRefusal(agent: Pick<Granted, 'installState'>): string | null {
  return agent.installState === 'UNINSTALLED' ? 'the agent was uninstalled; install it again to use it' : null;
}

/** Why a decision asking for `scopes` is refused by the agent's grants, or null. */
export function grantRefusal(agent: Granted, scopes: readonly string[]): string | null {
  const refused = installRefusal(agent);
  if (refused || agent.installState !== 'INSTALLED') return refused;
  const missing = scopes.filter((s) => !agent.grantedScopes.includes(s));
  return missing.length ? `scope ${missing.join(', ')} was not granted when the agent was installed` : null;
}
