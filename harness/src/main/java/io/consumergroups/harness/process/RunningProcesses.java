package io.consumergroups.harness.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every process a {@link JvmProcess} started and that has not exited: what is left when
 * this JVM exits (a failed test, Ctrl-C on a benchmark) is killed, so that no service
 * outlives the harness that started it.
 */
final class RunningProcesses {

	private static final Map<ProcessHandle, Duration> RUNNING = new ConcurrentHashMap<>();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(RunningProcesses::endAll, "harness-processes"));
	}

	private RunningProcesses() {
	}

	/**
	 * Keep a process until it exits.
	 * @param process the process
	 * @param exitGrace how long it may take to stop on SIGTERM when this JVM exits; zero
	 * for SIGKILL at once
	 */
	static void add(ProcessHandle process, Duration exitGrace) {
		RUNNING.put(process, exitGrace);
		process.onExit().thenAccept(RUNNING::remove);
	}

	/**
	 * SIGTERM to the processes given a grace, a wait as long as the longest grace, then
	 * SIGKILL to whatever is left. The owners' own shutdown hooks run at the same time: a
	 * grace lets a graceful stop they asked for finish.
	 */
	private static void endAll() {
		List<ProcessHandle> stopping = new ArrayList<>();
		Duration longest = Duration.ZERO;
		for (Map.Entry<ProcessHandle, Duration> process : RUNNING.entrySet()) {
			if (!process.getValue().isZero()) {
				process.getKey().destroy();
				stopping.add(process.getKey());
				longest = (process.getValue().compareTo(longest) > 0) ? process.getValue() : longest;
			}
		}
		long deadline = System.nanoTime() + longest.toNanos();
		try {
			for (ProcessHandle process : stopping) {
				process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// Killed below
		}
		RUNNING.keySet().forEach(ProcessHandle::destroyForcibly);
	}

}
