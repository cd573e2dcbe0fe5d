// The viewer's big libraries, evaluated a part per task before the viewer page that uses them. Bundled with the
// page, their evaluation was one 150-500 ms task at start-up on a 2-core machine; each dynamic import below is
// evaluated in a task of its own, and what an earlier one brought is not evaluated again: dcmjs (its dictionary),
// Cornerstone's metadata package, vtk.js's WebGL renderer, then Cornerstone's core, image loader and tools. dcmjs
// came with the metadata package in one task, the load's longest (87-239 ms, 4 loads; apart: 67-124 and 35-58 ms).

export async function loadViewerLibraries(): Promise<void> {
  await import('dcmjs');
  await import('@cornerstonejs/metadata');
  await import('@kitware/vtk.js/Rendering/OpenGL/RenderWindow');
  await import('@kitware/vtk.js/Rendering/Core/VolumeMapper');
  await import('@cornerstonejs/core');
  await import('@cornerstonejs/dicom-image-loader');
  await import('@cornerstonejs/tools');
}
