import type { SystemDep } from './bootstrap.mjs';
export const systemDeps: SystemDep[];
