import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------------------------------------------------------
// The one-way layers of ARCHITECTURE.md, as an import rule. Arrows: app -> viewer -> dicom, app -> dicomweb,
// workers -> analysis -> dicom, workers -> dicomweb, cli -> analysis -> dicom, server -> dicom, samples -> dicom. A layer may import
// what its arrows reach (so app may import dicom/ models, through app -> viewer -> dicom) and nothing else of ours.
// Encoded with typescript-eslint's no-restricted-imports (core rule + allowTypeImports): for every layer and every
// folder depth, a regex on the relative specifier that names each forbidden sibling layer exactly (`../` once per
// level up to src/), so `../../viewer/x` from src/dicom/seg/ is caught and `./testing/x` inside dicom/sr/ is not.
// Dynamic import() of the same specifiers is caught by no-restricted-syntax. Tests get their own rules below.
// ---------------------------------------------------------------------------------------------------------------
const OUR_FOLDERS = ['app', 'viewer', 'dicom', 'dicomweb', 'analysis', 'workers', 'cli', 'server', 'samples', 'testing'];

/** What each layer may import of ours (the transitive closure of the arrows). */
const MAY_IMPORT = {
  dicom: [],
  dicomweb: [],
  analysis: ['dicom'],
  viewer: ['dicom'],
  // and dicomweb: a worker downloads a big object itself, its bytes never crossing the page's main thread
  workers: ['analysis', 'dicom', 'dicomweb'],
  cli: ['analysis', 'dicom'],
  server: ['dicom'],
  samples: ['dicom'],
  // workers/ by type only, and only the two protocol modules (below): never a worker entry file.
  app: ['viewer', 'dicomweb', 'dicom'],
};

// Rendering: Cornerstone3D and vtk.js belong to viewer/ alone. The stand-alone image codecs that Cornerstone
// publishes under the same scope (wasm decoders, no rendering) are what workers/ and the Node CLI decode SEG
// frames with, so they are not "Cornerstone" for this rule.
const CODECS = '@cornerstonejs/(?:codec-[^/]+|jpeg-lossless-decoder-js)(?:/.*)?';
const RENDERING = { regex: `^(?!${CODECS}$)@cornerstonejs/|^@kitware/vtk\\.js(?:/|$)`, message: 'Only viewer/ imports Cornerstone3D and vtk.js (ARCHITECTURE.md).' };
const CODEC = { regex: `^${CODECS}$`, message: 'Image codecs are loaded by workers/ (browser) and cli/codecs.ts (Node) only.' };
const REACT = { regex: '^react(?:-dom)?(?:/|$)', message: 'React belongs to app/ (ARCHITECTURE.md).' };
const NODE = { regex: '^node:', message: 'This layer also runs in the browser and in workers: no Node built-ins.' };
// A specifier that climbs back down and up (`./../x`, `../seg/../../viewer`) would hide its layer from the regexes.
const UNNORMALIZED = {
  regex: '(?:^|/)(?!\\.\\.(?:/|$))[^/]+/\\.\\.(?:/|$)',
  message: 'Write relative imports without a `..` after a folder name, so the layer rule can read them.',
};

/** Packages (and Node) each layer may not import, besides the other layers of ours. */
const PACKAGE_RULES = {
  dicom: [RENDERING, CODEC, REACT, NODE],
  dicomweb: [RENDERING, CODEC, REACT, NODE],
  analysis: [RENDERING, CODEC, REACT, NODE],
  viewer: [CODEC, REACT, NODE],
  workers: [RENDERING, REACT, NODE],
  cli: [RENDERING, REACT],
  server: [RENDERING, CODEC, REACT],
  samples: [RENDERING, CODEC, REACT],
  app: [RENDERING, CODEC, NODE],
};

const up = (depth) => `(?:\\.\\./){${depth}}`;
const WORKER_PROTOCOLS = '(?:protocol|qualityProtocol|localFilesProtocol)';

/** The patterns for a file of `layer` that sits `depth` folders below src/ (src/dicom/x.ts: depth 1). */
function layerPatterns(layer, depth) {
  const forbidden = OUR_FOLDERS.filter((f) => f !== layer && !MAY_IMPORT[layer].includes(f));
  const patterns = [
    ...PACKAGE_RULES[layer],
    UNNORMALIZED,
    {
      regex: `^${up(depth)}(?:${forbidden.filter((f) => !(layer === 'app' && f === 'workers')).join('|')})(?:/|$)`,
      message: `${layer}/ may import only ${MAY_IMPORT[layer].join(', ') || 'itself'} of ours (the layers its arrows reach in ARCHITECTURE.md).`,
    },
  ];
  if (layer === 'app') {
    patterns.push(
      {
        regex: `^${up(depth)}workers/${WORKER_PROTOCOLS}$`,
        allowTypeImports: true,
        message: 'app/ imports the worker message types with `import type` (ARCHITECTURE.md): no worker code on the page.',
      },
      {
        regex: `^${up(depth)}workers(?:/(?!${WORKER_PROTOCOLS}$).*)?$`,
        message: 'app/ never imports a worker entry file: only the types of workers/protocol.ts, qualityProtocol.ts and localFilesProtocol.ts.',
      },
    );
  }
  return patterns;
}

/** no-restricted-syntax selectors for dynamic import() of the same specifiers (no-restricted-imports skips them). */
function dynamicImportSelectors(patterns) {
  return patterns
    .filter((p) => !p.allowTypeImports)
    .map((p) => ({
      selector: `ImportExpression > Literal.source[value=/${p.regex.replaceAll('/', '\\/')}/]`,
      message: p.message,
    }));
}

const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx'];
const MAX_DEPTH = 4;

const layerRules = Object.keys(MAY_IMPORT).flatMap((layer) =>
  Array.from({ length: MAX_DEPTH }, (_, i) => {
    const depth = i + 1;
    const patterns = layerPatterns(layer, depth);
    return {
      files: [`src/${layer}/${'*/'.repeat(depth - 1)}*.{ts,tsx}`],
      ignores: TEST_FILES,
      rules: {
        '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
        'no-restricted-syntax': ['error', ...dynamicImportSelectors(patterns)],
      },
    };
  }),
);

// A file deeper than MAX_DEPTH would escape the per-depth patterns: say so rather than let it pass.
layerRules.push({
  files: [`src/*/${'*/'.repeat(MAX_DEPTH)}**/*.{ts,tsx}`],
  rules: { 'no-restricted-syntax': ['error', { selector: 'Program', message: `Deeper than the layer rule reaches: raise MAX_DEPTH in eslint.config.js.` }] },
});

// Tests and test helpers (src/testing/) may reach across layers to build their fixtures (the sample generator,
// the Node codecs, the test servers), but they run in Node against the layer they test: no rendering or React
// outside the viewer/ and app/ tests.
const testRules = [
  {
    files: ['src/testing/**/*.ts', ...['dicom', 'dicomweb', 'analysis', 'workers', 'cli', 'server', 'samples'].flatMap((l) => TEST_FILES.map((t) => `src/${l}/${t}`))],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [RENDERING, REACT, UNNORMALIZED] }] },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// No import cycles (ARCHITECTURE.md), without a new package: a local rule that follows the relative imports of each
// file (read with a regex, cached for the run) and reports an import from which the file can be reached again.
// The layer table above already rules out cycles between layers; this one catches them inside a layer.
// Type-only imports are erased by the compiler and do not count.
// ---------------------------------------------------------------------------------------------------------------
const IMPORT_RE =
  /^\s*(?:import|export)\s+(type\s+)?(?:([\s\S]*?)\s+from\s+)?['"](\.[^'"]*)['"]|\bimport\(\s*['"](\.[^'"]*)['"]\s*\)/gm;
const EXTENSIONS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];

function resolveRelative(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const ext of EXTENSIONS) {
    const f = base + ext;
    if (/\.tsx?$/.test(f) && existsSync(f) && statSync(f).isFile()) return f;
  }
  return null;
}

/** `{ type A, type B }` imports nothing at run time either. */
const allTypes = (clause) => /^\{[\s\S]*\}$/.test(clause.trim()) && clause.trim().slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));

// Keyed by modification time too, so an editor's long-running ESLint sees saved changes.
const importsCache = new Map();
function valueImportsOf(file) {
  const mtime = statSync(file).mtimeMs;
  const cached = importsCache.get(file);
  if (cached?.mtime === mtime) return cached.found;
  const found = [];
  for (const m of readFileSync(file, 'utf8').matchAll(IMPORT_RE)) {
    if (m[1] || (m[2] && allTypes(m[2]))) continue;
    const target = resolveRelative(file, m[3] ?? m[4]);
    if (target) found.push(target);
  }
  importsCache.set(file, { mtime, found });
  return found;
}

/** A path of files from `start` back to `goal`, or null. */
function pathBack(start, goal) {
  const seen = new Set();
  const stack = [[start, [start]]];
  while (stack.length) {
    const [file, trail] = stack.pop();
    if (file === goal) return trail;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const next of valueImportsOf(file)) stack.push([next, [...trail, next]]);
  }
  return null;
}

const noImportCycles = {
  meta: { type: 'problem', schema: [], messages: { cycle: 'Import cycle: {{cycle}} (ARCHITECTURE.md: no import cycles).' } },
  create(context) {
    const file = context.filename;
    const check = (node) => {
      if (node.importKind === 'type' || node.exportKind === 'type') return;
      if (node.specifiers?.length && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type')) return;
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = resolveRelative(file, spec);
      // Can the file this import names lead back here?
      const trail = target && pathBack(target, file);
      if (trail) {
        const cwd = context.cwd;
        const cycle = [file, ...trail].map((f) => path.relative(cwd, f)).join(' -> ');
        context.report({ node, messageId: 'cycle', data: { cycle } });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'dist-test/', 'node_modules/', '.cache/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // dicom/ and analysis/ are pure, typed code that runs in workers, Node and the browser alike.
    files: ['src/dicom/**/*.ts', 'src/analysis/**/*.ts'],
    ignores: ['src/analysis/**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  ...layerRules,
  ...testRules,
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { local: { rules: { 'no-import-cycles': noImportCycles } } },
    rules: { 'local/no-import-cycles': 'error' },
  },
);
