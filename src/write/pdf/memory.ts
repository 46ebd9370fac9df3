/**
 * Memory of a process tree (a browser and its renderer, GPU and utility processes) as PSS — the
 * proportional set size, which shares pages between processes fairly instead of counting them in each.
 * Read from Linux /proc (smaps_rollup); no library reads PSS of a process tree.
 */
import { readdirSync, readFileSync } from 'node:fs';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended meanwhile, or /proc is not there
  }
}

/** The children of `pid` from /proc/<pid>/task/<tid>/children (Linux ≥ 3.5), or undefined when not there. */
function childrenOf(pid: number): number[] | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  const out: number[] = [];
  for (const task of tasks) {
    const list = readText(`/proc/${pid}/task/${task}/children`);
    if (list === undefined) return undefined;
    for (const child of list.trim().split(/\s+/)) if (child) out.push(Number(child));
  }
  return out;
}

/** The ids of `root` and all its descendants. */
export function processTree(root: number): number[] {
  const direct: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() as number;
    const children = childrenOf(pid);
    if (!children) return scanProcessTree(root);
    direct.push(pid);
    stack.push(...children);
  }
  return direct;
}

/** processTree by reading every process's parent (when /proc/…/children is not available). */
function scanProcessTree(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [root];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readText(`/proc/${entry}/stat`);
    if (!stat) continue;
    // Fields after the command name (which may contain spaces and parentheses): state, ppid, …
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid);
    if (list) list.push(Number(entry));
    else children.set(ppid, [Number(entry)]);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() as number;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** PSS of one process in KiB, or 0 when it cannot be read. */
function pssKiB(pid: number): number {
  const rollup = readText(`/proc/${pid}/smaps_rollup`);
  const match = rollup ? /^Pss:\s+(\d+) kB/m.exec(rollup) : null;
  return match ? Number(match[1]) : 0;
}

/** PSS of one process (not its children), in MiB (0 where /proc cannot be read). */
export function processPssMb(pid: number): number {
  return pssKiB(pid) / 1024;
}

/** PSS of `pid` and its descendants, in MiB (0 where /proc cannot be read). */
export function treePssMb(pid: number): number {
  let kib = 0;
  for (const p of processTree(pid)) kib += pssKiB(p);
  return kib / 1024;
}
