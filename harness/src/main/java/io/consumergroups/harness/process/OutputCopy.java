package io.consumergroups.harness.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that copies a process's output, line by line, to its log file and to an
 * {@link OutputListener}, then tells the listener of the exit.
 */
final class OutputCopy {

	/** How long a stop waits for the last lines to be copied. */
	static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

	private static final Logger logger = LoggerFactory.getLogger(OutputCopy.class);

	private OutputCopy() {
	}

	/**
	 * Start copying.
	 * @param name the process's name, for the thread's
	 * @param process the process, its output piped
	 * @param file the log file, appended to
	 * @param listener told of each line and of the exit
	 * @param stopRequested whether the exit was asked for
	 * @return the running thread
	 */
	static Thread start(String name, Process process, Path file, OutputListener listener,
			BooleanSupplier stopRequested) {
		Thread copy = new Thread(() -> copy(process, file, listener, stopRequested), name + "-output");
		// This JVM may exit before a killed process's pipe is closed
		copy.setDaemon(true);
		copy.start();
		return copy;
	}

	private static void copy(Process process, Path file, OutputListener listener, BooleanSupplier stopRequested) {
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
				Writer log = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND)) {
			String line;
			while ((line = output.readLine()) != null) {
				log.write(line);
				log.write(System.lineSeparator());
				log.flush();
				listener.line(line);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not copy the output of process {} to {}: {}", process.pid(), file, ex.getMessage());
		}
		try {
			listener.exited(process.waitFor(), stopRequested.getAsBoolean());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
