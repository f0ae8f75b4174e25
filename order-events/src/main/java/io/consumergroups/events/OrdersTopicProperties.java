package io.consumergroups.events;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shape of the {@link Topics#ORDERS orders} topic, for the services that consume it,
 * under the property order-producer creates it with: {@code orders.topic.partitions}. A
 * topic such a service writes to the partition number of the record it is about
 * ({@code order-status}, the dead-letter topics, {@code notifications.sent}) gets as many
 * partitions. A service enables it with {@code @EnableConfigurationProperties} on the
 * configuration class that creates those topics: its {@code @ConfigurationPropertiesScan}
 * does not reach this package.
 *
 * @param partitions how many partitions {@code orders} has
 */
@ConfigurationProperties("orders.topic")
public record OrdersTopicProperties(@DefaultValue("6") int partitions) {

}
