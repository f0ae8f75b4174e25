package io.consumergroups.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DemoDirectoryTest {

	@TempDir
	Path root;

	@Test
	void shouldStartEachRunWithoutTheLastClustersStreamsStateAndArchiveBucket() throws IOException {
		// Given what the last run left
		DemoDirectory directory = new DemoDirectory(this.root);
		Path checkpoint = directory.streamsState("analytics-1").resolve("orders-analytics/0_0/.checkpoint");
		Path archived = directory.s3()
			.resolve("orders-archive/orders/partition=0/00000000000000000000-00000000000000001441.ndjson.gz");
		Path log = directory.logFile("order-producer");
		for (Path file : new Path[] { checkpoint, archived, log }) {
			Files.createDirectories(file.getParent());
			Files.writeString(file, "last run");
		}

		// When
		directory.prepare();

		// Then its state and bucket are gone, its logs are not yet: each is rewritten
		assertThat(this.root.resolve(".demo/state")).doesNotExist();
		assertThat(this.root.resolve(".demo/s3")).doesNotExist();
		assertThat(log).exists();
	}

	@Test
	void shouldPrepareADirectoryThatDoesNotExistYet() throws IOException {
		// When
		new DemoDirectory(this.root).prepare();

		// Then
		assertThat(this.root.resolve(".demo/logs")).isDirectory();
	}

}
