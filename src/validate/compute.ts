/**
 * `spec.compute`: CPU topology and model, dedicated CPUs, hugepages, NUMA, memory and CPU requests and limits.
 */
import { INSTANCETYPE_MUST_GIVE } from './instancetype';
import { CPU_MODEL_PATTERN, MAX_CPU_MODEL_LENGTH } from './kubevirt-rules';
import { parseQuantity, quantityProblem } from './quantity';
import {
  expectBool, expectEnum, expectInteger, expectNonEmptyString, expectObject, forbidden, has, invalid, isObject, Obj, peekBool, peekEnum,
  peekInteger, peekString, Report, tooLong, walk,
} from './report';
import { DEDICATED_MEMORY_LIMIT, EMULATOR_THREAD_NEEDS_DEDICATED, NOT_WITH_INSTANCETYPE } from './vm-rules';
import { HUGEPAGE_SIZES } from '../spec/profile-spec';

/** A CPU model name: `host-passthrough`, `host-model` or a libvirt model such as `Skylake-Client-IBRS`. */
const CPU_MODEL = new RegExp(CPU_MODEL_PATTERN);

const MAX_THREADS_WITH_DEDICATED_CPUS = 2;

/** A quantity greater than zero; its value, or undefined when it is not one. */
function positiveQuantity(r: Report, f: string, value: unknown): number | undefined {
  if (!expectNonEmptyString(r, f, value)) return undefined;
  const problem = quantityProblem(value);
  if (problem) {
    r.error(invalid(f, value, problem));
    return undefined;
  }
  const n = parseQuantity(value)!;
  if (n <= 0) {
    r.error(invalid(f, value, 'must be greater than 0'));
    return undefined;
  }
  return n;
}

/**
 * `spec.compute`, with the rules KubeVirt's VMI admission applies (vmi-create-admitter.go: validateCPUIsolatorThread,
 * validateCpuPinning, validateNUMA, validateHugepagesMemoryRequests, validateGuestMemoryLimit,
 * validateMemoryLimitsNegativeOrNull) and its instancetype conflicts (pkg/instancetype/apply: sockets, threads,
 * requests and limits always conflict). The rules that read the dedicated CPUs or hugepages are skipped next to an
 * instancetype, which may give them.
 */
export function validateCompute(r: Report, field: string, v: unknown, spec: Obj): void {
  if (!expectObject(r, field, v)) return;
  const sizedByInstancetype = has(spec, 'instancetype');
  const dedicated = peekBool(v, 'dedicatedCpuPlacement') === true;
  const hugepages = peekEnum(v, 'hugepages', HUGEPAGE_SIZES);
  const memoryText = peekString(spec, 'memory');
  const memory = memoryText !== undefined && quantityProblem(memoryText) === undefined ? parseQuantity(memoryText) : undefined;
  const requestText = peekString(v, 'memoryRequest');
  const request = requestText !== undefined && quantityProblem(requestText) === undefined ? parseQuantity(requestText) : undefined;
  const cpu = isObject(spec) && typeof spec.cpu === 'number' && Number.isSafeInteger(spec.cpu) && spec.cpu > 0 ? spec.cpu : undefined;
  const notWithInstancetype = (f: string): boolean => {
    if (!sizedByInstancetype) return false;
    r.error(forbidden(f, NOT_WITH_INSTANCETYPE));
    return true;
  };
  const topology = (value: unknown, f: string): void => {
    if (notWithInstancetype(f) || !expectInteger(r, f, value)) return;
    if (value < 1) r.error(invalid(f, value, 'must be greater than 0'));
  };
  walk(r, v, field, {
    dedicatedCpuPlacement: (value, f) => {
      expectBool(r, f, value);
    },
    isolateEmulatorThread: (value, f) => {
      if (!expectBool(r, f, value) || !value || dedicated) return;
      if (!sizedByInstancetype) r.error(invalid(f, value, EMULATOR_THREAD_NEEDS_DEDICATED));
      else r.warn(invalid(f, value, INSTANCETYPE_MUST_GIVE('dedicatedCPUPlacement')));
    },
    cpuModel: (value, f) => {
      if (!expectNonEmptyString(r, f, value)) return;
      if (!CPU_MODEL.test(value)) r.error(invalid(f, value, 'must be a CPU model name such as "host-passthrough", "host-model" or "Skylake-Client-IBRS"'));
      else if (value.length > MAX_CPU_MODEL_LENGTH) r.error(tooLong(f, value, `may not be more than ${MAX_CPU_MODEL_LENGTH} characters`));
    },
    sockets: topology,
    threads: (value, f) => {
      topology(value, f);
      if (typeof value === 'number' && Number.isSafeInteger(value) && value > MAX_THREADS_WITH_DEDICATED_CPUS && dedicated && !sizedByInstancetype) {
        r.error(invalid(f, value, `must be at most ${MAX_THREADS_WITH_DEDICATED_CPUS} with dedicatedCpuPlacement (KubeVirt's limit)`));
      }
    },
    hugepages: (value, f) => {
      if (!expectEnum(r, f, value, HUGEPAGE_SIZES)) return;
      // A malformed memoryRequest has its own error; the CRD skips the rule then too.
      const backed = requestText !== undefined ? request : memory;
      const page = parseQuantity(value)!;
      if (backed !== undefined && backed % page !== 0) {
        r.error(invalid(f, value, `${request !== undefined ? 'compute.memoryRequest' : 'memory'} (${requestText ?? memoryText}) must be a multiple of the page size`));
      }
    },
    numaGuestMappingPassthrough: (value, f) => {
      if (!expectBool(r, f, value) || !value) return;
      const missing = [...(dedicated ? [] : ['dedicatedCpuPlacement: true']), ...(hugepages !== undefined || has(v, 'hugepages') ? [] : ['hugepages'])];
      if (missing.length === 0) return;
      if (!sizedByInstancetype) r.error(invalid(f, value, `needs ${missing.join(' and ')} (KubeVirt maps the guest's NUMA nodes from dedicated CPUs and hugepages)`));
      else r.warn(invalid(f, value, INSTANCETYPE_MUST_GIVE(missing.map((m) => m.replace('dedicatedCpuPlacement: true', 'dedicatedCPUPlacement')).join(' and '))));
    },
    memoryRequest: (value, f) => {
      if (notWithInstancetype(f)) return;
      const n = positiveQuantity(r, f, value);
      if (n !== undefined && memory !== undefined && n > memory) {
        r.error(invalid(f, value, `must be at most memory (${memoryText}): the request overcommits the guest memory, it never exceeds it`));
      }
    },
    memoryLimit: (value, f) => {
      if (notWithInstancetype(f)) return;
      const n = positiveQuantity(r, f, value);
      if (n === undefined) return;
      if (memory !== undefined && n < memory) {
        r.error(invalid(f, value, `must be at least memory (${memoryText}): KubeVirt refuses a guest memory above the memory limit`));
      } else if (dedicated && request !== undefined && n !== request) {
        r.error(invalid(f, value, DEDICATED_MEMORY_LIMIT));
      }
    },
    cpuLimit: (value, f) => {
      if (notWithInstancetype(f)) return;
      const n = positiveQuantity(r, f, value);
      if (n !== undefined && dedicated && cpu !== undefined && n !== cpu) {
        r.error(invalid(f, value, `must equal cpu (${cpu}) with dedicatedCpuPlacement: each vCPU gets a whole host CPU`));
      }
    },
  });
  const sockets = peekInteger(v, 'sockets') ?? 1;
  const threads = peekInteger(v, 'threads') ?? 1;
  if (cpu !== undefined && sockets > 0 && threads > 0 && cpu % (sockets * threads) !== 0) {
    r.error(invalid(`${field.replace(/\.compute$/, '')}.cpu`, cpu, `must be a multiple of compute.sockets × compute.threads (${sockets * threads}): cores = cpu / (sockets × threads)`));
  }
}
