// What the page starts before its modules run: main.tsx imports this first, so its body runs before App's module
// graph is evaluated (ES modules run in import order; the bundle keeps that order).
import { warmUpGpu } from '../viewer/gpuWarmUp';

warmUpGpu();
