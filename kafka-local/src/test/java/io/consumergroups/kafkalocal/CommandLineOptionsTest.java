package io.consumergroups.kafkalocal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class CommandLineOptionsTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void shouldDefaultToThreeNodesOnPort9092InTheDemoDirectory() {
		CommandLineOptions options = CommandLineOptions.parse();

		assertThat(options.nodes()).isEqualTo(3);
		assertThat(options.port()).isEqualTo(9092);
		assertThat(options.dataDir()).isEqualTo(Path.of(".demo", "kafka"));
		assertThat(options.brokerProperties()).isEmpty();
		assertThat(options.help()).isFalse();
	}

	@Test
	void shouldReadEveryOptionWithSpaceOrEquals() {
		CommandLineOptions options = CommandLineOptions.parse("--nodes", "1", "--port=0", "--data-dir", "/tmp/kafka",
				"--broker-property", "num.partitions=12", "--broker-property=log.retention.ms=60000");

		assertThat(options.nodes()).isEqualTo(1);
		assertThat(options.port()).isZero();
		assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/kafka"));
		assertThat(options.brokerProperties()).containsExactly(entry("num.partitions", "12"),
				entry("log.retention.ms", "60000"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "--nodes 2", "--nodes", "--nodes three", "--port 70000", "--port -1", "--verbose",
			"--broker-property num.partitions", "--broker-property =12", "extra" })
	void shouldExitWithCode2AndUsageOnBadArguments(String commandLine) {
		int exitCode = run(commandLine.split(" "));

		assertThat(exitCode).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).startsWith("Error: ").contains("Usage: ");
		assertThat(this.out.toString(StandardCharsets.UTF_8)).isEmpty();
	}

	@Test
	void shouldPrintUsageOnHelp() {
		int exitCode = run("--help");

		assertThat(exitCode).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).startsWith("Usage: ").contains("--broker-property");
	}

	private int run(String... args) {
		return CommandLineOptions.run(args, new ByteArrayInputStream(new byte[0]),
				new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

}
