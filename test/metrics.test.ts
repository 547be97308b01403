import { Metrics } from '../src/controller/metrics';

describe('Metrics', () => {
  test('GIVEN reconciles, a labelled counter and a gauge WHEN rendered THEN the Prometheus text has counts, histogram buckets and values', () => {
    const m = new Metrics();
    m.observeReconcile('success', 0.02);
    m.observeReconcile('success', 3);
    m.observeReconcile('error', 0.001);
    let depth = 7;
    m.gauge('vmprofile_queue_depth', 'Queued.', () => depth);
    m.labelledCounter('vmprofile_api_writes_total', 'Writes.', 'resource', () => [['datavolumes', 2], ['virtualmachines', 1]]);
    depth = 3;
    const text = m.render();
    expect(text).toContain('vmprofile_reconcile_total{result="error"} 1\nvmprofile_reconcile_total{result="success"} 2\n');
    expect(text).toContain('vmprofile_reconcile_duration_seconds_bucket{le="0.005"} 1\n');
    expect(text).toContain('vmprofile_reconcile_duration_seconds_bucket{le="0.025"} 2\n');
    expect(text).toContain('vmprofile_reconcile_duration_seconds_bucket{le="+Inf"} 3\n');
    expect(text).toContain('vmprofile_reconcile_duration_seconds_count 3\n');
    expect(text).toContain('# TYPE vmprofile_api_writes_total counter\nvmprofile_api_writes_total{resource="datavolumes"} 2\n');
    // Gauges are read when scraped.
    expect(text).toContain('# TYPE vmprofile_queue_depth gauge\nvmprofile_queue_depth 3\n');
    expect(m.reconcileCount('success')).toBe(2);
  });
});
