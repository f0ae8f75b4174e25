package io.consumergroups.harness.process;

import java.nio.file.Path;

/**
 * Where a {@link JvmProcess}'s output (standard output and error, merged) goes. The file
 * is appended to over every start of the process, so that it tells the story of a crash
 * and the restart that followed.
 */
public sealed interface ProcessOutput permits ProcessOutput.ToFile, ProcessOutput.CopiedToFile {

	/**
	 * The file the output is written to.
	 * @return the log file
	 */
	Path file();

	/**
	 * The output written to a file by the operating system: nothing in this JVM reads it,
	 * so a busy or stopped harness never holds the process up.
	 * @param file the log file
	 * @return where the output goes
	 */
	static ProcessOutput appendTo(Path file) {
		return new ToFile(file);
	}

	/**
	 * The output read line by line by a thread of this JVM, written to a file and shown
	 * to a listener, e.g. to relay some lines to a console or to notice a line that says
	 * the service has started.
	 * @param file the log file
	 * @param listener what is told of each line and of the exit
	 * @return where the output goes
	 */
	static ProcessOutput copiedTo(Path file, OutputListener listener) {
		return new CopiedToFile(file, listener);
	}

	/**
	 * The output redirected to a file.
	 *
	 * @param file the log file
	 */
	record ToFile(Path file) implements ProcessOutput {

	}

	/**
	 * The output copied to a file and a listener.
	 *
	 * @param file the log file
	 * @param listener what is told of each line and of the exit
	 */
	record CopiedToFile(Path file, OutputListener listener) implements ProcessOutput {

	}

}
