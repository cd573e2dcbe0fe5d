// The viewer's big libraries, evaluated a part per task before the viewer page that uses them. Bundled with the
// page, their evaluation was one 150-500 ms task at start-up on a 2-core machine; each dynamic import below is
// evaluated in a task of its own, and what an earlier one brought is not evaluated again: Cornerstone's metadata
// package (with dcmjs's dictionary), vtk.js's WebGL renderer, then Cornerstone's core, image loader and tools.

export async function loadViewerLibraries(): Promise<void> {
  await import('@cornerstonejs/metadata');
  await import('@kitware/vtk.js/Rendering/OpenGL/RenderWindow');
  await import('@kitware/vtk.js/Rendering/Core/VolumeMapper');
  await import('@cornerstonejs/core');
  await import('@cornerstonejs/dicom-image-loader');
  await import('@cornerstonejs/tools');
}
