package io.consumergroups.analytics.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The best-selling products, most units first, ties by SKU: the value of every record on
 * {@link AnalyticsTopics#TOP_PRODUCTS}, where the latest record is the current ranking.
 *
 * @param products the ranking
 */
public record TopProducts(List<ProductQuantity> products) {

	private static final Comparator<ProductQuantity> RANKING = Comparator.comparingLong(ProductQuantity::quantity)
		.reversed()
		.thenComparing(ProductQuantity::sku);

	public TopProducts {
		products = List.copyOf(products);
	}

	/**
	 * No product ordered yet.
	 * @return an empty ranking
	 */
	public static TopProducts none() {
		return new TopProducts(List.of());
	}

	/**
	 * The ranking with a product's new quantity, cut to {@code size}.
	 * <p>
	 * Keeping only the top {@code size} is correct because quantities only grow: a
	 * product pushed out can only come back through an update of its own, which carries
	 * its full quantity.
	 * @param product the product and its quantity
	 * @param size how many products to keep
	 * @return the new ranking
	 */
	TopProducts with(ProductQuantity product, int size) {
		List<ProductQuantity> ranked = new ArrayList<>(without(product.sku()).products);
		ranked.add(product);
		ranked.sort(RANKING);
		return new TopProducts(ranked.subList(0, Math.min(size, ranked.size())));
	}

	/**
	 * The ranking without a product, e.g. before its new quantity is added.
	 * @param sku the product
	 * @return the new ranking
	 */
	TopProducts without(String sku) {
		return new TopProducts(this.products.stream().filter((ranked) -> !ranked.sku().equals(sku)).toList());
	}

}
