package io.consumergroups.harness.process;

/**
 * Told of every line a {@link JvmProcess} prints, when its output is
 * {@link ProcessOutput#copiedTo copied}, and of its exit.
 */
@FunctionalInterface
public interface OutputListener {

	/**
	 * A line the process printed, already written to its log file.
	 * @param line the line, without its end
	 */
	void line(String line);

	/**
	 * The process has exited and its last line has been read.
	 * @param exitCode its exit code: 143 after a graceful stop on SIGTERM, 137 after
	 * SIGKILL
	 * @param stopRequested whether it was asked to stop or killed, rather than exiting by
	 * itself
	 */
	default void exited(int exitCode, boolean stopRequested) {
	}

}
