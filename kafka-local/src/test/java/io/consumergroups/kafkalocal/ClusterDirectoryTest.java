package io.consumergroups.kafkalocal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterDirectoryTest {

	@TempDir
	Path dataDir;

	@Test
	void shouldDeleteWhatAnEarlierClusterLeftAndNothingElse() throws IOException {
		// Given the directory of an earlier cluster, and a file of someone else's
		Files.createDirectories(this.dataDir.resolve("node-1").resolve("data"));
		Files.writeString(this.dataDir.resolve("node-1").resolve("server.log"), "earlier");
		Files.createDirectories(this.dataDir.resolve("tls"));
		Files.writeString(this.dataDir.resolve("tls").resolve("node.p12"), "earlier");
		Files.writeString(this.dataDir.resolve("notes.txt"), "mine");
		ClusterDirectory directory = ClusterDirectory.of(this.dataDir);

		// When a new cluster starts there
		Path tls = directory.freshTls();
		directory.deleteNodeDirectories();

		// Then only the nodes and certificates are gone
		assertThat(tls).isEqualTo(this.dataDir.resolve("tls")).doesNotExist();
		assertThat(directory.node(1)).isEqualTo(this.dataDir.resolve("node-1")).doesNotExist();
		assertThat(this.dataDir.resolve("notes.txt")).hasContent("mine");
	}

	@Test
	void shouldKeepAChosenDirectoryAndDeleteATemporaryOne() throws IOException {
		// Given a chosen directory and a temporary one, each with a node's files
		ClusterDirectory chosen = ClusterDirectory.of(this.dataDir);
		ClusterDirectory temporary = ClusterDirectory.of(null);
		for (ClusterDirectory directory : new ClusterDirectory[] { chosen, temporary }) {
			Files.createDirectories(directory.node(1));
			Files.writeString(directory.node(1).resolve("server.log"), "log");
		}

		// When their clusters close
		chosen.deleteIfTemporary();
		temporary.deleteIfTemporary();

		// Then the chosen one keeps its logs, and the temporary one is gone
		assertThat(chosen.node(1).resolve("server.log")).hasContent("log");
		assertThat(temporary.path()).doesNotExist();
	}

}
