package io.consumergroups.harness.process;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One start of a {@link JvmProcess}, until it exits: how it is asked to stop (SIGTERM),
 * killed (SIGKILL) and awaited. Both signals go through the {@link ProcessHandle}:
 * {@link Process#destroy()} would also close the output pipe, and the last lines would
 * not reach the log.
 */
final class RunningJvm {

	private final Process process;

	private volatile boolean stopRequested;

	private Thread outputCopy;

	private RunningJvm(Process process) {
		this.process = process;
	}

	/**
	 * The process just launched, its output copied if it is to be.
	 * @param name the process's name, for the copying thread's
	 * @param process the process
	 * @param output where its output goes
	 * @return the running process
	 */
	static RunningJvm of(String name, Process process, ProcessOutput output) {
		RunningJvm running = new RunningJvm(process);
		if (output instanceof ProcessOutput.CopiedToFile copied) {
			running.outputCopy = OutputCopy.start(name, process, copied.file(), copied.listener(),
					() -> running.stopRequested);
		}
		return running;
	}

	/**
	 * SIGTERM, without waiting.
	 */
	void requestStop() {
		this.stopRequested = true;
		this.process.toHandle().destroy();
	}

	/**
	 * SIGKILL, then wait for the exit.
	 * @param timeout how long at most
	 */
	void kill(Duration timeout) {
		this.stopRequested = true;
		this.process.toHandle().destroyForcibly();
		awaitExit(timeout);
	}

	/**
	 * Wait for the process to exit, and for its last lines to reach its log.
	 * @param timeout how long at most
	 * @return whether it has exited
	 */
	boolean awaitExit(Duration timeout) {
		try {
			boolean exited = this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			Thread copy = this.outputCopy;
			if (exited && copy != null) {
				copy.join(OutputCopy.DRAIN_TIMEOUT.toMillis());
			}
			return exited;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	int exitCode() {
		return this.process.exitValue();
	}

	long pid() {
		return this.process.pid();
	}

}
