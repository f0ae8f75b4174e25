package io.consumergroups.harness.process;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class JvmProcessTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	Path logs;

	@Test
	void shouldRunAJarWithItsJvmOptionsThenItsArgumentsThenItsServerPort() {
		// Given
		JvmProcess process = JvmProcess.jar("service-1", Path.of("service.jar"))
			.jvmOptions(List.of("-Xmx256m"))
			.arguments(List.of("--a=1"))
			.serverPort(8123)
			.output(ProcessOutput.appendTo(this.logs.resolve("service-1.log")))
			.build();

		// When
		List<String> command = process.command();

		// Then
		assertThat(command.get(0)).endsWith("java");
		assertThat(command.subList(1, command.size())).containsExactly("-Xmx256m", "-jar", "service.jar", "--a=1",
				"--server.port=8123");
		assertThat(process.url()).hasToString("http://localhost:8123");
	}

	@Test
	void shouldRefuseAProcessWhoseOutputGoesNowhere() {
		assertThatIllegalStateException().isThrownBy(() -> JvmProcess.java("lost").build());
	}

	@Test
	void shouldStopGracefullyOnSigtermAndAppendTheNextStartToTheSameLog() {
		// Given a running program
		JvmProcess process = program("wait").output(ProcessOutput.appendTo(this.logs.resolve("p.log"))).build();
		awaitLine(process.start(), "started");

		// When it is stopped, then started and stopped again
		boolean graceful = process.stop();
		int exitCode = process.exitCode();
		awaitLine(process.start(), "started\nstopping\nstarted");
		process.stop();

		// Then its shutdown hook ran each time, and the log tells both runs
		assertThat(graceful).isTrue();
		assertThat(exitCode).isEqualTo(143);
		assertThat(process.output()).isEqualTo("started\nstopping\nstarted\nstopping\n");
	}

	@Test
	void shouldKillWithoutLettingTheProgramShutDown() {
		// Given
		JvmProcess process = program("wait").output(ProcessOutput.appendTo(this.logs.resolve("p.log"))).build();
		awaitLine(process.start(), "started");

		// When
		process.kill();

		// Then
		assertThat(process.isAlive()).isFalse();
		assertThat(process.exitCode()).isEqualTo(137);
		assertThat(process.output()).isEqualTo("started\n");
	}

	@Test
	void shouldCopyEveryLineToItsListenerAndTellOfAnExitNotAskedFor() throws Exception {
		// Given a listener of a program that exits by itself
		List<String> lines = new CopyOnWriteArrayList<>();
		CompletableFuture<String> exit = new CompletableFuture<>();
		OutputListener listener = new OutputListener() {

			@Override
			public void line(String line) {
				lines.add(line);
			}

			@Override
			public void exited(int exitCode, boolean stopRequested) {
				exit.complete(exitCode + (stopRequested ? " asked for" : " by itself"));
			}

		};
		JvmProcess process = program("exit").output(ProcessOutput.copiedTo(this.logs.resolve("p.log"), listener))
			.build();

		// When
		process.start();

		// Then
		assertThat(exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("3 by itself");
		assertThat(lines).containsExactly("started", "stopping");
		assertThat(process.output()).isEqualTo("started\nstopping\n");
	}

	@Test
	void shouldWaitUntilHealthyOnAnotherPortWhenItsPortWasTaken() throws IOException {
		// Given a program told to listen on a port another process took meanwhile
		try (ServerSocket taken = new ServerSocket(0)) {
			JvmProcess process = program("serve").serverPort(taken.getLocalPort())
				.output(ProcessOutput.appendTo(this.logs.resolve("p.log")))
				.build();

			// When
			try (process) {
				process.start().awaitHealthy(TIMEOUT);

				// Then it was started again on a free port
				assertThat(process.port()).isNotEqualTo(taken.getLocalPort());
				assertThat(process.output()).contains("Port " + taken.getLocalPort() + " was already in use");
				assertThat(process.isAlive()).isTrue();
			}
		}
	}

	@Test
	void shouldFailTheHealthCheckOfAProgramThatExited() {
		// Given
		JvmProcess process = program("exit").serverPort(FreePorts.next())
			.output(ProcessOutput.appendTo(this.logs.resolve("p.log")))
			.build();

		// When, Then
		assertThatIllegalStateException().isThrownBy(() -> process.start().awaitHealthy(TIMEOUT))
			.withMessageContaining("exited");
	}

	private static JvmProcessBuilder program(String mode) {
		return JvmProcess.mainClass("test-program", TestProgram.class.getName())
			.jvmOptions(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto"))
			.arguments(List.of(mode))
			.environment(Map.of("TEST_PROGRAM", "1"))
			.stopTimeout(TIMEOUT);
	}

	/** Until the log reads so, as a service's start is awaited. */
	private static void awaitLine(JvmProcess process, String output) {
		await().atMost(TIMEOUT).until(() -> process.output().startsWith(output));
	}

}
