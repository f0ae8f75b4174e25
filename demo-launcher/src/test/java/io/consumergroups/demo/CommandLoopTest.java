package io.consumergroups.demo;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLoopTest {

	private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

	private final List<String> executed = new ArrayList<>();

	private final CommandLoop commands = new CommandLoop(new PrintStream(this.printed, true, StandardCharsets.UTF_8))
		.command("status", "the group's assignment", (arguments) -> this.executed.add("status " + arguments))
		.command("quit", "stop everything", (arguments) -> this.executed.add("quit"));

	@Test
	void shouldRunEachCommandWithTheWordsAfterItsName() throws IOException {
		// When
		this.commands.run(new BufferedReader(new StringReader("status\n\n  STATUS  now please \nquit\n")));

		// Then
		assertThat(this.executed).containsExactly("status []", "status [now, please]", "quit");
		assertThat(output()).isEmpty();
	}

	@Test
	void shouldListTheCommandsOnOneLineForAnUnknownCommand() {
		// When
		this.commands.execute("scale 5");

		// Then
		assertThat(this.executed).isEmpty();
		assertThat(output())
			.isEqualToNormalizingNewlines("Commands: status (the group's assignment), quit (stop everything)\n");
	}

	@Test
	void shouldReportAFailedCommandAndGoOn() throws IOException {
		// Given
		this.commands.command("kill", "kill a replica", (arguments) -> {
			throw new IllegalArgumentException("No replica named " + arguments.get(0));
		});

		// When
		this.commands.run(new BufferedReader(new StringReader("kill order-processor-9\nquit\n")));

		// Then
		assertThat(output()).contains("kill failed: No replica named order-processor-9");
		assertThat(this.executed).containsExactly("quit");
	}

	private String output() {
		return this.printed.toString(StandardCharsets.UTF_8);
	}

}
