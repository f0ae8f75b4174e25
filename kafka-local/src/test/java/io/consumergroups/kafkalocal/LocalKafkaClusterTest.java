package io.consumergroups.kafkalocal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

class LocalKafkaClusterTest {

	@Test
	void shouldAcceptOneOrThreeNodesOnly() {
		assertThat(LocalKafkaCluster.builder().nodes(1).nodes(3)).isNotNull();
		assertThatIllegalArgumentException().isThrownBy(() -> LocalKafkaCluster.builder().nodes(2))
			.withMessageContaining("1 or 3 nodes")
			.withMessageEndingWith("not 2");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalKafkaCluster.builder().nodes(0));
	}

	@Test
	void shouldRejectPortsOutOfRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> LocalKafkaCluster.builder().firstBrokerPort(-1))
			.withMessageContaining("0 for free ports");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalKafkaCluster.builder().firstBrokerPort(65500));
	}

	@Test
	void shouldGiveANodeItsOwnPropertiesOverThoseOfEveryNode() {
		LocalKafkaClusterBuilder builder = LocalKafkaCluster.builder()
			.nodes(3)
			.brokerProperty("num.partitions", "12")
			.brokerProperty("listeners", "PLAINTEXT://localhost:1")
			.nodeProperty(2, "listeners", "INTERNAL://localhost:2,EXTERNAL://localhost:3");

		assertThat(builder.settings().overrides(2)).containsExactly(entry("num.partitions", "12"),
				entry("listeners", "INTERNAL://localhost:2,EXTERNAL://localhost:3"));
		assertThat(builder.settings().overrides(1)).containsExactly(entry("num.partitions", "12"),
				entry("listeners", "PLAINTEXT://localhost:1"));
	}

	@Test
	void shouldRejectANodePropertyForANodeTheClusterDoesNotHave() {
		assertThatIllegalArgumentException().isThrownBy(() -> LocalKafkaCluster.builder().nodeProperty(0, "k", "v"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LocalKafkaCluster.builder().nodes(1).nodeProperty(3, "node.id", "3").start())
			.withMessage("A node property is set for node 3 of a cluster of 1");
	}

	@Test
	void shouldRunBrokersWithTheClasspathWrittenAtBuildTime() {
		List<String> classpath = Arrays.asList(BrokerClasspath.resolve().split(File.pathSeparator));

		assertThat(classpath).anyMatch((entry) -> entry.contains("kafka_2.13"))
			.anyMatch((entry) -> entry.contains("log4j-core"))
			.anyMatch((entry) -> entry.contains("log4j-slf4j2-impl"))
			.noneMatch((entry) -> entry.contains("logback"))
			.noneMatch((entry) -> entry.contains("surefire"))
			.allSatisfy((entry) -> assertThat(Path.of(entry)).exists());
		assertThat(Files.isDirectory(Path.of(classpath.get(0))) || classpath.get(0).endsWith(".jar")).isTrue();
	}

}
