import { readdirSync, readFileSync } from 'node:fs';
import { parseCapDocument } from './domain/cap-parser.ts';

const root = '/work/shared/data/cap/examples';
for (const dir of readdirSync(root))
  for (const f of readdirSync(`${root}/${dir}`)) {
    try {
      const doc = parseCapDocument(readFileSync(`${root}/${dir}/${f}`));
      console.log(
        dir,
        f,
        doc.wrapper,
        doc.alerts
          .map(
            (a) =>
              `${a.version} signed=${a.signed} infos=${a.alert.infos.length} areas=${a.alert.infos.map((i) => i.areas.length).join('/')} polys=${a.alert.infos.flatMap((i) => i.areas.map((x) => x.polygons.length)).join('/')} circles=${a.alert.infos.flatMap((i) => i.areas.map((x) => x.circles.length)).join('/')} problems=${JSON.stringify(a.problems)}`,
          )
          .join(' | '),
      );
    } catch (e) {
      console.log(dir, f, 'ERROR', (e as Error).name, (e as Error).message);
    }
  }
