package io.consumergroups.archive.config;

import io.consumergroups.archive.ArchiveTopics;
import io.consumergroups.events.DeadLetterPublisher;
import io.consumergroups.events.DeadLetters;
import io.consumergroups.events.OrdersTopicProperties;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.validation.Validator;

/**
 * Where malformed records go: {@code archive-service.DLT}, on the partition number they
 * came from, through the publisher every group shares (cause and origin in headers, the
 * root cause named, cut to fit the topic). The archiver calls it for each malformed
 * record, and waits for Kafka's acknowledgement before it takes the record's offset.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OrdersTopicProperties.class)
class DeadLetterConfig {

	/**
	 * The publisher of this group's dead letters.
	 * @param template a non-transactional template: the archive commits offsets itself,
	 * after each dead letter is acknowledged
	 * @return the publisher
	 */
	@Bean
	DeadLetterPublisher deadLetterPublisher(KafkaTemplate<Object, Object> template) {
		return DeadLetterPublisher.toSamePartition(template, ArchiveTopics.DEAD_LETTERS);
	}

	/**
	 * As many partitions as {@code orders}: a dead letter keeps its partition number.
	 * @param topic the shape of {@code orders}
	 * @return the topic
	 */
	@Bean
	NewTopic deadLetterTopic(OrdersTopicProperties topic) {
		return TopicBuilder.name(ArchiveTopics.DEAD_LETTERS).partitions(topic.partitions()).build();
	}

	/**
	 * A record of {@code orders} that is not a valid order reaches the archiver without a
	 * value, the cause in a header, instead of failing the poll
	 * ({@link Topics#readValidatedOrders}): the archiver sends it to
	 * {@code archive-service.DLT} and the partition moves on.
	 * @param validator the order contract's Bean Validation
	 * @return a customizer that reads orders as the contract says
	 */
	@Bean
	DefaultKafkaConsumerFactoryCustomizer validatingOrderDeserializer(Validator validator) {
		return (factory) -> Topics.readValidatedOrders(factory, validator);
	}

	/**
	 * A record that failed deserialization reaches the publisher as its original bytes,
	 * written as they are; a record with a key problem as its {@code Order}, written as
	 * JSON.
	 * @return a customizer that serializes byte arrays raw and everything else as JSON
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer rawBytesOrJsonValues() {
		return DeadLetters::writeRawBytesOrJson;
	}

}
