package io.consumergroups.benchmarks.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CPU a measure had: the machine's busy time ({@code /proc/stat}) and the CPU time of
 * the harness's own processes by role, between two {@link Snapshot snapshots}, in cores
 * (1.0 = one core busy for the whole interval). On a machine whose cores the brokers, the
 * replicas and the load generator share, it tells whether a latency is the code's or the
 * machine's. Where Linux's {@code /proc} has the processes' threads, it also tells how
 * much of that time HotSpot's JIT compiler threads used: a JVM that is still compiling
 * has less of the machine for its work.
 */
public final class CpuUse {

	private static final Path PROC_STAT = Path.of("/proc/stat");

	/** Clock ticks per second of {@code /proc}'s times (USER_HZ: 100 on Linux). */
	private static final long TICKS_PER_SECOND = 100;

	/**
	 * HotSpot's compiler threads, as {@code /proc} names them: "C2 CompilerThread0" cut
	 * to 15 characters.
	 */
	private static final List<String> JIT_THREAD_NAMES = List.of("C1 CompilerThre", "C2 CompilerThre");

	/**
	 * What a process of the harness is, by its command line.
	 */
	public enum Role {

		/** Kafka brokers ({@code KafkaNodeMain}). */
		BROKERS("brokers"),

		/** order-processor replicas. */
		REPLICAS("order-processor replicas"),

		/** The plain kafka-clients loops that the throughput benchmark compares with. */
		PLAIN_LOOPS("plain kafka-clients loops"),

		/** The harness's JVM: the load generator and the status reader. */
		HARNESS("harness (load generator, status reader)"),

		/** Any other process it started, e.g. Kafka's tools. */
		OTHER("other processes of the harness");

		private final String description;

		Role(String description) {
			this.description = description;
		}

		public String description() {
			return this.description;
		}

		static Role of(String commandLine) {
			// A broker's classpath is long: where the command line is cut short, its
			// Kafka log directory option still comes before it
			if (commandLine.contains("KafkaNodeMain") || commandLine.contains("-Dkafka.logs.dir=")) {
				return BROKERS;
			}
			if (commandLine.contains("--orders.processor.group.protocol=")) {
				return REPLICAS;
			}
			if (commandLine.contains("PlainOrderLoop")) {
				return PLAIN_LOOPS;
			}
			return OTHER;
		}

	}

	private CpuUse() {
	}

	/**
	 * What the machine and the harness's processes have used so far.
	 * @return the snapshot
	 */
	public static Snapshot take() {
		Map<Long, Process> processes = new HashMap<>();
		ProcessHandle current = ProcessHandle.current();
		cpuNanos(current).ifPresent(
				(nanos) -> processes.put(current.pid(), new Process(Role.HARNESS, nanos, jitNanos(current.pid()))));
		current.descendants()
			.forEach((handle) -> cpuNanos(handle).ifPresent((nanos) -> processes.put(handle.pid(),
					new Process(Role.of(handle.info().commandLine().orElse("")), nanos, jitNanos(handle.pid())))));
		return new Snapshot(System.nanoTime(), processes, machineTicks());
	}

	/**
	 * The CPU time that a process's JIT compiler threads have used so far.
	 * @param pid the process
	 * @return nanoseconds, or -1 where {@code /proc} does not tell
	 */
	static long jitNanos(long pid) {
		Path tasks = Path.of("/proc", Long.toString(pid), "task");
		if (!Files.isDirectory(tasks)) {
			return -1;
		}
		long ticks = 0;
		try (Stream<Path> threads = Files.list(tasks)) {
			for (Path thread : threads.toList()) {
				try {
					ticks += jitTicks(Files.readString(thread.resolve("stat")));
				}
				catch (IOException ex) {
					// The thread ended meanwhile
				}
			}
		}
		catch (IOException | UncheckedIOException ex) {
			return -1;
		}
		return ticks * (1_000_000_000L / TICKS_PER_SECOND);
	}

	/**
	 * The user and system clock ticks of one thread, if it is a JIT compiler thread.
	 * @param stat the thread's {@code /proc/<pid>/task/<tid>/stat} line: its name in
	 * parentheses, then its state and the other fields (utime and stime are the 12th and
	 * 13th after the name)
	 * @return its ticks, or 0 for any other thread
	 */
	static long jitTicks(String stat) {
		int open = stat.indexOf('(');
		int close = stat.lastIndexOf(')');
		if (open < 0 || close < open || !JIT_THREAD_NAMES.contains(stat.substring(open + 1, close))) {
			return 0;
		}
		String[] fields = stat.substring(close + 2).trim().split("\\s+");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static Optional<Long> cpuNanos(ProcessHandle handle) {
		return handle.info().totalCpuDuration().map((duration) -> duration.toNanos());
	}

	/**
	 * The machine's busy and total clock ticks over all cores, or {@code null} where
	 * there is no {@code /proc/stat}.
	 */
	private static long[] machineTicks() {
		try {
			// cpu user nice system idle iowait irq softirq steal ...
			String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i <= Math.min(8, fields.length - 1); i++) {
				total += Long.parseLong(fields[i]);
			}
			long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
			return new long[] { total - idle, total };
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private record Process(Role role, long cpuNanos, long jitNanos) {
	}

	/**
	 * CPU used up to a moment.
	 */
	public static final class Snapshot {

		private final long nanoTime;

		private final Map<Long, Process> processes;

		private final long[] machineTicks;

		private Snapshot(long nanoTime, Map<Long, Process> processes, long[] machineTicks) {
			this.nanoTime = nanoTime;
			this.processes = processes;
			this.machineTicks = machineTicks;
		}

		/**
		 * The CPU used from this snapshot to a later one.
		 * @param later the later snapshot
		 * @return cores in use on average, by role (processes alive at both snapshots)
		 * and for the whole machine
		 */
		public Interval until(Snapshot later) {
			double seconds = (later.nanoTime - this.nanoTime) / 1e9;
			Map<Role, Double> byRole = new EnumMap<>(Role.class);
			Map<Role, Double> jitByRole = new EnumMap<>(Role.class);
			for (Role role : Role.values()) {
				byRole.put(role, 0.0);
				jitByRole.put(role, 0.0);
			}
			this.processes.forEach((pid, before) -> {
				Process after = later.processes.get(pid);
				if (after != null && after.role() == before.role()) {
					byRole.merge(before.role(), (after.cpuNanos() - before.cpuNanos()) / 1e9 / seconds, Double::sum);
					double jit = (before.jitNanos() < 0 || after.jitNanos() < 0) ? Double.NaN
							: (after.jitNanos() - before.jitNanos()) / 1e9 / seconds;
					jitByRole.merge(before.role(), jit, Double::sum);
				}
			});
			double machine = Double.NaN;
			if (this.machineTicks != null && later.machineTicks != null
					&& later.machineTicks[1] > this.machineTicks[1]) {
				double busyShare = (double) (later.machineTicks[0] - this.machineTicks[0])
						/ (later.machineTicks[1] - this.machineTicks[1]);
				machine = busyShare * Runtime.getRuntime().availableProcessors();
			}
			return new Interval(seconds, byRole, jitByRole, machine);
		}

	}

	/**
	 * Cores in use on average over an interval.
	 *
	 * @param seconds how long the interval was
	 * @param byRole by the harness's processes, by role
	 * @param jitByRole of which by their JIT compiler threads; {@code NaN} where unknown
	 * @param machine by everything on the machine; {@code NaN} where unknown
	 */
	public record Interval(double seconds, Map<Role, Double> byRole, Map<Role, Double> jitByRole, double machine) {

		/**
		 * The cores of the machine.
		 * @return its available processors
		 */
		public static int cores() {
			return Runtime.getRuntime().availableProcessors();
		}

	}

}
