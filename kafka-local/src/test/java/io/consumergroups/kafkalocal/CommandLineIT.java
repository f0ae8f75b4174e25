package io.consumergroups.kafkalocal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command line as the demo script runs it: a plain {@code java -cp} process, with
 * scripts waiting for its ready line.
 */
class CommandLineIT {

	private static final Pattern NODE_PID = Pattern.compile("node 1: localhost:\\d+, pid (\\d+), log (.+)");

	@TempDir
	Path dataDir;

	private Process cli;

	@AfterEach
	void killCli() {
		if (this.cli != null) {
			this.cli.destroyForcibly();
		}
	}

	@Test
	void shouldPrintTheReadyLineAndStopEverythingOnQuit() throws Exception {
		// Given a running cluster
		List<String> output = startCli();
		assertThat(output.get(0)).matches("Kafka cluster ready: localhost:\\d+");
		Matcher node = NODE_PID.matcher(output.get(1).strip());
		assertThat(node.matches()).as(output.get(1)).isTrue();
		assertThat(Path.of(node.group(2))).exists();

		// When "quit" is typed
		try (Writer stdin = this.cli.outputWriter()) {
			stdin.write("quit\n");
		}

		// Then the command exits with 0 and its broker is gone
		assertThat(this.cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(this.cli.exitValue()).isZero();
		assertThat(ProcessHandle.of(Long.parseLong(node.group(1))).filter(ProcessHandle::isAlive)).isEmpty();
	}

	@Test
	void shouldStopItsBrokersWhenKilledWithoutShutdownHooks() throws Exception {
		// Given a running cluster
		List<String> output = startCli();
		Matcher node = NODE_PID.matcher(output.get(1).strip());
		assertThat(node.matches()).as(output.get(1)).isTrue();
		long brokerPid = Long.parseLong(node.group(1));

		// When the command's JVM is killed, so that no shutdown hook runs
		this.cli.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

		// Then its broker notices and stops too
		await().atMost(Duration.ofSeconds(40))
			.until(() -> ProcessHandle.of(brokerPid).filter(ProcessHandle::isAlive).isEmpty());
	}

	/**
	 * Starts the command and returns its ready line and node line.
	 */
	private List<String> startCli() throws Exception {
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", BrokerClasspath.resolve(), LocalKafkaCluster.class.getName(), "--nodes", "1", "--port", "0",
				"--data-dir", this.dataDir.toString())
			.redirectError(this.dataDir.resolve("cli-stderr.log").toFile());
		this.cli = builder.start();
		BufferedReader stdout = new BufferedReader(
				new InputStreamReader(this.cli.getInputStream(), StandardCharsets.UTF_8));
		return CompletableFuture.supplyAsync(() -> readReadyLines(stdout)).get(90, TimeUnit.SECONDS);
	}

	private static List<String> readReadyLines(BufferedReader stdout) {
		try {
			List<String> lines = new ArrayList<>();
			String line = stdout.readLine();
			while (line != null && !line.startsWith(CommandLineOptions.READY_PREFIX)) {
				line = stdout.readLine();
			}
			lines.add(line);
			lines.add(stdout.readLine());
			return lines;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
