package io.consumergroups.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a result depends on besides the code: cores, CPU, memory, operating system, JVM.
 *
 * @param cores processors available to the JVM
 * @param cpu the CPU model, when {@code /proc/cpuinfo} says
 * @param memory total memory, when {@code /proc/meminfo} says
 * @param os operating system and architecture
 * @param jvm the JVM's name and version
 */
public record MachineFacts(int cores, String cpu, String memory, String os, String jvm) {

	/**
	 * The facts of this machine and JVM.
	 * @return them
	 */
	public static MachineFacts collect() {
		String cpu = lineStartingWith(Path.of("/proc/cpuinfo"), "model name").map(MachineFacts::valueAfterColon)
			.orElse("unknown");
		String memory = lineStartingWith(Path.of("/proc/meminfo"), "MemTotal").map(MachineFacts::valueAfterColon)
			.map(MachineFacts::kilobytesToGibibytes)
			.orElse("unknown");
		return new MachineFacts(Runtime.getRuntime().availableProcessors(), cpu, memory,
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
						+ System.getProperty("os.arch") + ")",
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
	}

	private static Optional<String> lineStartingWith(Path file, String prefix) {
		try {
			List<String> lines = Files.readAllLines(file);
			return lines.stream().filter((line) -> line.startsWith(prefix)).findFirst();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static String valueAfterColon(String line) {
		return line.substring(line.indexOf(':') + 1).trim();
	}

	private static String kilobytesToGibibytes(String value) {
		try {
			long kilobytes = Long.parseLong(value.replace("kB", "").trim());
			return String.format(java.util.Locale.ROOT, "%.1f GiB", kilobytes / 1024.0 / 1024.0);
		}
		catch (NumberFormatException ex) {
			return value;
		}
	}

}
