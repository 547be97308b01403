const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A gauge read when the metrics are scraped. */
export type GaugeReader = () => number;

/**
 * The controller's metrics in Prometheus' text format (version 0.0.4): reconciles by result, their durations as a
 * histogram, API requests by verb, and gauges (queue depth, leadership, cached objects) read at scrape time.
 */
export class Metrics {
  private readonly reconciles = new Map<string, number>();
  private readonly buckets = DURATION_BUCKETS.map(() => 0);
  private durationSum = 0;
  private durationCount = 0;
  private readonly gauges = new Map<string, { help: string; read: GaugeReader }>();
  private readonly counters = new Map<string, { help: string; label: string; read: () => [string, number][] }>();

  /** Counts one reconcile of `result` (`success`, `error`, `invalid`, `requeue`) that took `seconds`. */
  observeReconcile(result: string, seconds: number): void {
    this.reconciles.set(result, (this.reconciles.get(result) ?? 0) + 1);
    this.durationSum += seconds;
    this.durationCount++;
    DURATION_BUCKETS.forEach((b, i) => { if (seconds <= b) this.buckets[i]++; });
  }

  /** Reconciles of `result` so far. */
  reconcileCount(result: string): number {
    return this.reconciles.get(result) ?? 0;
  }

  gauge(name: string, help: string, read: GaugeReader): void {
    this.gauges.set(name, { help, read });
  }

  /** A counter with one label (`label`) whose values are read at scrape time. */
  labelledCounter(name: string, help: string, label: string, read: () => [string, number][]): void {
    this.counters.set(name, { help, label, read });
  }

  /** The exposition text. */
  render(): string {
    const lines: string[] = [];
    lines.push('# HELP vmprofile_reconcile_total Reconciles of VirtualMachineProfiles, by result.');
    lines.push('# TYPE vmprofile_reconcile_total counter');
    for (const [result, n] of [...this.reconciles].sort()) lines.push(`vmprofile_reconcile_total{result="${result}"} ${n}`);
    lines.push('# HELP vmprofile_reconcile_duration_seconds Time one reconcile took.');
    lines.push('# TYPE vmprofile_reconcile_duration_seconds histogram');
    DURATION_BUCKETS.forEach((b, i) => lines.push(`vmprofile_reconcile_duration_seconds_bucket{le="${b}"} ${this.buckets[i]}`));
    lines.push(`vmprofile_reconcile_duration_seconds_bucket{le="+Inf"} ${this.durationCount}`);
    lines.push(`vmprofile_reconcile_duration_seconds_sum ${this.durationSum}`);
    lines.push(`vmprofile_reconcile_duration_seconds_count ${this.durationCount}`);
    for (const [name, { help, label, read }] of this.counters) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [value, n] of read()) lines.push(`${name}{${label}="${value}"} ${n}`);
    }
    for (const [name, { help, read }] of this.gauges) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${read()}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
