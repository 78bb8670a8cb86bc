/**
 * Loaded into the API with `--import` by the benchmark's tail diagnostic (never by `npm start`):
 * appends every garbage collection the API's V8 reports to the file `BENCH_GC_TIMELINE` names, one
 * `start,duration,kind` line each (start in ms since the epoch, on the clock the load generator
 * stamps its requests with; kind as in `perf_hooks.constants`: 1 minor, 4 major, 8 incremental
 * marking). Appended as they come, because the API ends on a signal, without an `exit` event.
 */
import { appendFileSync } from 'node:fs';
import { performance, PerformanceObserver, type NodeGCPerformanceDetail, type PerformanceEntry } from 'node:perf_hooks';

const file = process.env.BENCH_GC_TIMELINE;
if (file) {
  new PerformanceObserver((list) => {
    const lines = list.getEntries().map((entry) => {
      const kind = (entry as PerformanceEntry & { detail?: NodeGCPerformanceDetail }).detail?.kind ?? 0;
      return `${(performance.timeOrigin + entry.startTime).toFixed(3)},${entry.duration.toFixed(3)},${kind}\n`;
    });
    appendFileSync(file, lines.join(''));
  }).observe({ entryTypes: ['gc'] });
}
