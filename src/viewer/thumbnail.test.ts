// A thumbnail whose image no loader takes fails (the series list keeps its placeholder) instead of waiting for ever.
import { expect, test } from 'vitest';
import { drawThumbnail } from './thumbnail';

test('a thumbnail of an image id no loader takes is rejected, not left waiting', async () => {
  const canvas = { getContext: () => null, style: {} } as unknown as HTMLCanvasElement;
  const never = new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 2 s'), 2000));
  const outcome = await Promise.race([drawThumbnail(canvas, 'nosuchscheme:frame/1').then(() => 'drawn', (e: Error) => `rejected: ${e.message}`), never]);
  expect(outcome).toMatch(/^rejected: .*nosuchscheme/);
});
