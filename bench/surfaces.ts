// `npm run bench -- surfaces`: the 3D view's work on the 104-segment SEG of a 512x512x300 CT
// (src/samples/bigSeg.ts), in one thread as the decode worker does it: every segment's voxels on the CT grid,
// then its surface mesh (src/analysis/surfaceMesh.ts) within the share of the triangle budget the viewer gives
// each in turn, with the triangles and block sizes it came to.
import { readPart10 } from '../src/dicom/part10';
import { parseSegmentation } from '../src/dicom/seg/parse';
import { segmentationPixels } from '../src/dicom/seg/pixels';
import { generateBigSeg } from '../src/samples/bigSeg';
import { generatedCtGrid } from './generatedGrid';
import { annotationRegions, regionMask, segAnnotation } from '../src/analysis/annotations';
import { surfaceMesh, triangleBudget } from '../src/analysis/surfaceMesh';

const SLICES = 300;
const SEGMENTS = 104;

export async function runSurfacesBench(): Promise<void> {
  console.log(`\n## 3D view: surfaces of all ${SEGMENTS} segments of a SEG on a 512x512x${SLICES} CT (Node, one thread, as in the worker)\n`);
  let t = performance.now();
  const files = generateBigSeg({ slices: SLICES, segments: SEGMENTS });
  console.log(`generate CT + SEG:                     ${((performance.now() - t) / 1000).toFixed(1)} s (setup, not timed below)`);
  const { planes, frame, grid } = generatedCtGrid(files);
  const file = files.find((f) => f.name === 'BIG_SEG.dcm');
  if (!file) throw new Error('no BIG_SEG.dcm generated');
  t = performance.now();
  const p10 = readPart10(file.bytes, file.name);
  const seg = parseSegmentation(p10, file.name);
  const annotation = await segAnnotation(seg, segmentationPixels(p10, seg), planes, frame);
  console.log(`decode the SEG onto the CT grid:       ${(performance.now() - t).toFixed(0)} ms (once, when the 3D view first asks)`);
  for (let run = 0; run < 2; run++) {
    let masks = 0;
    let meshes = 0;
    let triangles = 0;
    let slowest = { ms: 0, label: '' };
    const blocks = new Map<string, number>();
    const all = performance.now();
    const regions = annotationRegions(annotation);
    for (const [i, r] of regions.entries()) {
      const t0 = performance.now();
      const m = regionMask(annotation, r.number, grid).mask;
      const t1 = performance.now();
      const mesh = surfaceMesh(m, grid.toPatient, grid.spacing, { maxTriangles: triangleBudget(regions.length - i, triangles), smooth: true });
      const t2 = performance.now();
      masks += t1 - t0;
      meshes += t2 - t1;
      triangles += mesh.triangles.length / 3;
      const b = mesh.block.join('x');
      blocks.set(b, (blocks.get(b) ?? 0) + 1);
      if (t2 - t0 > slowest.ms) slowest = { ms: t2 - t0, label: r.label };
    }
    const total = performance.now() - all;
    console.log(`run ${run + 1} (${run ? 'warm' : 'cold'}): all ${SEGMENTS} surfaces ${total.toFixed(0)} ms (masks ${masks.toFixed(0)} + meshes ${meshes.toFixed(0)}), slowest segment ${slowest.ms.toFixed(0)} ms (${slowest.label})`);
    if (!run) console.log(`  ${(triangles / 1e6).toFixed(2)} M triangles; voxel blocks per segment: ${[...blocks].map(([b, n]) => `${b}: ${n}`).join(', ')}`);
  }
}
