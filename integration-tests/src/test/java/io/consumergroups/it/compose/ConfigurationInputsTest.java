package io.consumergroups.it.compose;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationInputsTest {

	// The shape of /actuator/configprops with show-values=always, as a service answers it
	private static final String CONFIGPROPS = """
			{"contexts": {"archive-service": {"beans": {
			  "archive-io.consumergroups.archive.config.ArchiveProperties": {"prefix": "archive",
			    "properties": {"bucket": "orders-archive", "s3": {"endpoint": "http://127.0.0.1:9000"},
			                   "batch": {"maxAge": "PT10S"}},
			    "inputs": {"bucket": {"value": "${ARCHIVE_BUCKET:orders-archive}", "origin": "archive-service.yml - 7:11"},
			               "s3": {"endpoint": {"value": "${S3_ENDPOINT:http://localhost:9000}", "origin": "archive-service.yml - 14:15"}},
			               "batch": {"maxAge": {"value": "10s", "origin": "System Environment Property \\"ARCHIVE_BATCH_MAX_AGE\\""}}}},
			  "spring.kafka-org.springframework.boot.kafka.autoconfigure.KafkaProperties": {"prefix": "spring.kafka",
			    "properties": {"bootstrapServers": ["localhost:1"]},
			    "inputs": {"bootstrapServers": [{"value": "localhost:1",
			      "origin": "\\"spring.kafka.bootstrap-servers\\" from property source \\"commandLineArgs\\""}]}}
			}}}}
			""";

	@Test
	void shouldFindTheVariablesThatBindToNothing() {
		ConfigurationInputs inputs = ConfigurationInputs.of(JsonMapper.builder().build().readTree(CONFIGPROPS));

		assertThat(inputs.unused(Map.of(
				// relaxed binding, reported as the origin
				"ARCHIVE_BATCH_MAX_AGE", "10s",
				// placeholders of the YAML, bound with the variable's value
				"S3_ENDPOINT", "http://127.0.0.1:9000", "ARCHIVE_BUCKET", "orders-archive",
				// relaxed binding, overridden on the command line
				"SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:1",
				// a typo, a placeholder with another value, a setting that does not exist
				"ARCHIVE_BATCH_MAXAGE_SECONDS", "10", "S3_ENDPOINT_URL", "http://127.0.0.1:9000",
				"SPRING_KAFKA_BOOTSTRAP_SERVER", "localhost:1")))
			.containsExactly("ARCHIVE_BATCH_MAXAGE_SECONDS", "S3_ENDPOINT_URL", "SPRING_KAFKA_BOOTSTRAP_SERVER");
	}

	@Test
	void shouldNotTakeAPlaceholdersDefaultForTheVariablesValue() {
		ConfigurationInputs inputs = ConfigurationInputs.of(JsonMapper.builder().build().readTree(CONFIGPROPS));

		// The bucket is bound to its default, not to this variable's value
		assertThat(inputs.unused(Map.of("ARCHIVE_BUCKET", "other-bucket"))).containsExactly("ARCHIVE_BUCKET");
	}

}
