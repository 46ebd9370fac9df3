export interface SystemDep {
  name: string;
  bins: string[];
  files?: string[];
  apt: string;
  needFor: string[];
  why: string;
}
export function dependenciesStale(): boolean;
export function buildStale(): boolean;
export function onPath(bin: string, envPath?: string): boolean;
export function missingDeps(
  list: SystemDep[],
  purpose: string,
  present?: { onPath: (bin: string) => boolean; exists: (path: string) => boolean },
): SystemDep[];
export function installCommand(deps: SystemDep[]): string;
