package io.consumergroups.kafkalocal;

import java.util.List;

import io.consumergroups.kafkalocal.ServiceAcls.Grant;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

class ServiceAclsTest {

	@Test
	void shouldReadOneGrantPerLineWithItsReasonAndSkipComments() {
		// Given
		String text = """
				# principal  resource  name  pattern  operation  why
				order-processor  TOPIC  orders  LITERAL  READ  consumes the orders

				order-processor  TRANSACTIONAL_ID  order-processor-  PREFIXED  WRITE  its transactions, by prefix
				""";

		// When
		ServiceAcls acls = ServiceAcls.parse(text);

		// Then
		assertThat(acls.grants()).containsExactly(
				new Grant("order-processor", ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ,
						"consumes the orders"),
				new Grant("order-processor", ResourceType.TRANSACTIONAL_ID, "order-processor-", PatternType.PREFIXED,
						AclOperation.WRITE, "its transactions, by prefix"));
		assertThat(acls.bindings().get(1)).isEqualTo(new AclBinding(
				new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "order-processor-", PatternType.PREFIXED),
				new AccessControlEntry("User:order-processor", "*", AclOperation.WRITE, AclPermissionType.ALLOW)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "order-processor TOPIC orders LITERAL READ",
			"order-processor QUEUE orders LITERAL READ because", "order-processor TOPIC orders MATCH READ because",
			"order-processor TOPIC orders LITERAL READ_ALL because",
			"order-processor TOPIC orders LITERAL ANY because" })
	void shouldRefuseALineWithoutAReasonOrWithAnUnknownWord(String line) {
		assertThatIllegalArgumentException().isThrownBy(() -> ServiceAcls.parse("# header\n" + line))
			.withMessageStartingWith("acls.txt line 2: ");
	}

	@Test
	void shouldGrantEachServiceOfTheProjectOnlyAsItsOwnPrincipal() {
		// When
		ServiceAcls acls = ServiceAcls.load();

		// Then one principal per service, none of them a super user or a wildcard
		assertThat(acls.principals()).containsExactlyInAnyOrder("order-producer", "order-processor",
				"notification-service", "analytics-service", "archive-service", "group-monitor");
		assertThat(acls.grants()).allSatisfy((grant) -> assertThat(grant.reason()).isNotBlank());
		// Nothing on the cluster itself, no ALL, and no record of anyone else's group
		assertThat(acls.grants()).noneMatch((grant) -> grant.resourceType() == ResourceType.CLUSTER
				|| grant.operation() == AclOperation.ALL || grant.operation() == AclOperation.ALTER);
		// group-monitor describes everything and reads order-status only, in no group
		assertThat(acls.grantsOf("group-monitor")).filteredOn((grant) -> grant.operation() != AclOperation.DESCRIBE)
			.extracting(Grant::resourceType, Grant::resourceName, Grant::operation)
			.containsExactly(tuple(ResourceType.TOPIC, "order-status", AclOperation.READ));
		List<Grant> producer = acls.grantsOf("order-producer");
		assertThat(producer).filteredOn((grant) -> grant.operation() == AclOperation.WRITE)
			.extracting(Grant::resourceName)
			.containsExactly("orders");
	}

}
