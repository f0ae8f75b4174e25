package io.consumergroups.kafkalocal;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NodePortsTest {

	@Test
	void shouldNumberFixedPortsFromTheFirstBrokerPort() {
		assertThat(NodePorts.fixed(3, 9092)).containsExactly(new NodePorts(1, 9092, 9192), new NodePorts(2, 9093, 9193),
				new NodePorts(3, 9094, 9194));
	}

	@Test
	void shouldChooseDistinctRandomPorts() {
		List<NodePorts> ports = NodePorts.random(3);

		assertThat(ports).extracting(NodePorts::nodeId).containsExactly(1, 2, 3);
		assertThat(ports.stream().flatMap((node) -> Stream.of(node.brokerPort(), node.controllerPort())))
			.doesNotHaveDuplicates()
			.allSatisfy((port) -> assertThat(port).isPositive());
	}

	@Test
	void shouldRejectFixedPortsBeyondTheLastPort() {
		assertThatIllegalArgumentException().isThrownBy(() -> NodePorts.fixed(3, 65500))
			.withMessageContaining("first broker port");
	}

}
