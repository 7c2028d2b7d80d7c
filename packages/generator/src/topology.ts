// The topology picture (issue 13): which hosts the bundle has, what runs on
// each, and how Postfix reaches Cyrus. Each topology module draws its own
// from its host list (topologies/), with the parts in topologies/picture.ts.
// The shape is a graph: any number of hosts and links, so that more MX hosts
// or a Cyrus Murder (frontends, backends, mupdate) add rows, not a new picture.
import type { Answers } from '@lmtp-wizard/schema';
import { topologyOf } from './topologies/index.ts';
import type { TopologyPicture } from './topologies/picture.ts';

export type { PictureHost, PictureLink, PictureTls, TopologyPicture } from './topologies/picture.ts';

/** The hosts and links of the answers, drawn from the generator's own context. */
export const topologyPicture = (a: Answers): TopologyPicture => topologyOf(a).picture(a);
