package io.consumergroups.analytics.topology;

/**
 * How many units of a product were ordered.
 *
 * @param sku the product
 * @param quantity the units ordered, over all orders
 */
public record ProductQuantity(String sku, long quantity) {

}
