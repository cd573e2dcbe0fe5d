// The viewer's big libraries, evaluated one per task before the viewer page that uses them. Bundled with the
// page, their evaluation was one 150-500 ms task at start-up on a 2-core machine; each dynamic import below is
// evaluated in a task of its own (what an earlier one brought is not evaluated again).

export async function loadViewerLibraries(): Promise<void> {
  await import('@kitware/vtk.js/Rendering/Core/RenderWindow');
  await import('@cornerstonejs/core');
  await import('@cornerstonejs/dicom-image-loader');
  await import('@cornerstonejs/tools');
}
