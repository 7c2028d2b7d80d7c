import { ensureRootfs } from './lib/containers/rootfs.ts';
const rel = process.argv[2] as 'debian-12' | 'debian-13';
const r = await ensureRootfs(rel);
console.log(JSON.stringify(r));
process.exit(0);
